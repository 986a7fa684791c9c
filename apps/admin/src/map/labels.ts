import * as maplibregl from 'maplibre-gl';

// Map labels as HTML markers: there is no glyph server (no symbol text layers), and the browser
// draws Chinese with its own CJK font. In 3D each label is lifted onto its roof; a label that would
// overlap a more important one moves a row up or down, or else fades out (it comes back
// when its building is hovered or selected, or when zooming in makes room).

/** Mean earth circumference (m): metres per pixel at a zoom, for the lift. */
const EARTH = 40_075_016.686;
/** Room kept around a label (px) before another one counts as overlapping. */
const GAP = 2;
/** Rows a crowded label may move up (-) or down (+) from its roof before it fades out. */
const SHIFTS = [0, -1, 1];

type Box = [left: number, top: number, right: number, bottom: number];

export interface LabelSpec {
  id: string;
  text: string;
  lngLat: [number, number];
  /** metres above the ground (the roof of a building) */
  height: number;
  /** pixels to raise the label above its anchor besides the height (a point's label over its dot) */
  raise?: number;
  className: string;
  /** the text is a name as entered (an imported road or area), not words of the console */
  entered?: boolean;
  /** larger first when labels compete for space */
  rank: number;
  /** a building label: clicking it selects the building */
  onClick?: () => void;
  onHover?: (inside: boolean) => void;
}

interface Label {
  spec: LabelSpec;
  marker: maplibregl.Marker;
  el: HTMLElement;
  width: number;
  height: number;
}

export class LabelLayer {
  private readonly labels = new Map<string, Label>();
  private readonly onMove = () => this.layout();

  constructor(
    private readonly map: maplibregl.Map,
    /** class names from the CSS module: hidden (faded), and those placed first that always show */
    private readonly classes: { hidden: string; keep: string[] },
  ) {
    map.on('move', this.onMove);
  }

  set(specs: LabelSpec[]): void {
    this.clear();
    for (const spec of specs) {
      const el = document.createElement('div');
      el.className = spec.className;
      el.textContent = spec.text;
      el.dataset.mapLabel = spec.id;
      if (spec.entered) el.dataset.entered = '';
      if (spec.onClick) {
        const click = spec.onClick;
        el.title = spec.text;
        el.addEventListener('click', (e) => {
          // The map underneath must not take the click as well.
          e.stopPropagation();
          click();
        });
      }
      if (spec.onHover) {
        const hover = spec.onHover;
        el.addEventListener('mouseenter', () => hover(true));
        el.addEventListener('mouseleave', () => hover(false));
      }
      const marker = new maplibregl.Marker({ element: el, anchor: 'center' })
        .setLngLat(spec.lngLat)
        .addTo(this.map);
      this.labels.set(spec.id, { spec, marker, el, width: 0, height: 0 });
    }
    this.layout();
  }

  toggle(id: string | null, className: string, on: boolean): void {
    if (!id) return;
    this.labels.get(id)?.el.classList.toggle(className, on);
    if (this.classes.keep.includes(className)) this.layout();
  }

  /** Lift every label onto its roof, then fade those that collide with a more important one. */
  layout(): void {
    const map = this.map;
    const pitch = (map.getPitch() * Math.PI) / 180;
    const lat = (map.getCenter().lat * Math.PI) / 180;
    const metresPerPixel = (EARTH * Math.cos(lat)) / (512 * 2 ** map.getZoom());
    const lift = Math.sin(pitch) / metresPerPixel;
    const { clientWidth: viewW, clientHeight: viewH } = map.getContainer();

    const kept = (l: Label) => this.classes.keep.some((c) => l.el.classList.contains(c));
    const ordered = [...this.labels.values()].sort(
      (a, b) => Number(kept(b)) - Number(kept(a)) || b.spec.rank - a.spec.rank,
    );
    const placed: Box[] = [];
    const free = (b: Box) => !placed.some((o) => b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]);
    for (const l of ordered) {
      const lifted = -l.spec.height * lift - (l.spec.raise ?? 0);
      if (!l.width) {
        l.width = l.el.offsetWidth;
        l.height = l.el.offsetHeight;
      }
      const p = map.project(l.spec.lngLat);
      const boxAt = (dy: number): Box => [
        p.x - l.width / 2 - GAP,
        p.y + dy - l.height / 2 - GAP,
        p.x + l.width / 2 + GAP,
        p.y + dy + l.height / 2 + GAP,
      ];
      const home = boxAt(lifted);
      const offScreen = home[2] < 0 || home[0] > viewW || home[3] < 0 || home[1] > viewH;
      // Where it fits: on its roof, else a row above or below it, else faded out.
      let dy: number | undefined = lifted;
      if (!offScreen && !kept(l)) {
        const row = l.height + 2 * GAP;
        dy = SHIFTS.map((k) => lifted + k * row).find((d) => free(boxAt(d)));
      }
      l.marker.setOffset([0, dy ?? lifted]);
      l.el.classList.toggle(this.classes.hidden, dy === undefined);
      l.el.toggleAttribute('data-label-hidden', dy === undefined);
      if (dy !== undefined && !offScreen) placed.push(boxAt(dy));
    }
  }

  clear(): void {
    for (const l of this.labels.values()) l.marker.remove();
    this.labels.clear();
  }

  remove(): void {
    this.clear();
    this.map.off('move', this.onMove);
  }
}
