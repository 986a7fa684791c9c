import { newId } from '../kernel/ids.js';
import { type districtFeatures, parseDistrictFeature } from '../modules/places/index.js';

type Position = [number, number];

const road = (name: string, coordinates: Position[]) => ({
  type: 'Feature' as const,
  geometry: { type: 'LineString', coordinates },
  properties: { kind: 'road', name },
});

/** A closed rectangle around a centre, half-sizes in degrees. */
const box = (kind: string, name: string, [x, y]: Position, dx: number, dy: number) => ({
  type: 'Feature' as const,
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x - dx, y - dy],
        [x + dx, y - dy],
        [x + dx, y + dy],
        [x - dx, y + dy],
        [x - dx, y - dy],
      ],
    ],
  },
  properties: { kind, name },
});

/**
 * The demo district's own map context, hand-drawn as a GIS export would be: the main roads
 * around the three schools and the police station's yard, as the police map draws them without
 * any tile server. 东营职业学院's campus spans about 118.547–118.557 E, 37.453–37.459 N.
 */
export const DEMO_DISTRICT_GEOJSON = {
  type: 'FeatureCollection' as const,
  features: [
    road('府前大街', [
      [118.515, 37.4605],
      [118.58, 37.4605],
    ]),
    road('黄河路', [
      [118.515, 37.4475],
      [118.58, 37.4475],
    ]),
    road('淄博路', [
      [118.529, 37.441],
      [118.529, 37.479],
    ]),
    road('西四路', [
      [118.5435, 37.441],
      [118.5435, 37.479],
    ]),
    road('东二路', [
      [118.5605, 37.441],
      [118.5605, 37.479],
    ]),
    road('南一路', [
      [118.529, 37.4515],
      [118.5605, 37.4515],
    ]),
    box('station', '文汇派出所', [118.5405, 37.4618], 0.0007, 0.0005),
    box('water', '清风湖', [118.5355, 37.4545], 0.0035, 0.0018),
    box('area', '府前广场', [118.5515, 37.4635], 0.0035, 0.0015),
  ],
};

/** The rows the seed stores, through the same check as an imported file. */
export function demoDistrictRows(orgId: string, now: Date): (typeof districtFeatures.$inferInsert)[] {
  return DEMO_DISTRICT_GEOJSON.features.map((f) => {
    const parsed = parseDistrictFeature(f);
    if (!parsed) throw new Error(`demo district feature ${f.properties.name} is not valid`);
    return { id: newId(), orgId, ...parsed, createdAt: now };
  });
}
