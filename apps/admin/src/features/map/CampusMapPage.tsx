import { AimOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Segmented, Select, Space, Spin, Typography } from 'antd';
import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { queryKeys } from '../../api/keys';
import type { Polygon } from '../../api/types';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useI18n, type MessageKey } from '../../i18n/I18nProvider';
import { useCan } from '../../session/CurrentUser';
import { colouring, COLOUR_MODES, type Colouring, type ColourMode } from '../../map/colours';
import { LazyMapView as MapView, loadMapView } from '../../map/LazyMapView';
import type { MapViewHandle } from '../../map/MapView';
import { useCampusMap } from '../../map/useCampusMap';
import { useMapLocale } from '../../map/useMapLocale';
import { hasWebGL } from '../../map/webgl';
import { listBuildings, saveOutline } from './api';
import { BuildingPanel } from './BuildingPanel';
import { ImportOutlinesButton } from './ImportOutlinesButton';
import styles from './map.module.css';
import { withNote } from '../../lib/words';

function Legend({ mode, colours }: { mode: ColourMode; colours: Colouring }) {
  const { t } = useI18n();
  if (colours.legend.length === 0) return null;
  return (
    <div className={styles.legend} aria-label={t('map.legend.title')}>
      <div className={styles.legendTitle}>
        {t('map.legend.title')} · {t(`map.colour.${mode}`)}
      </div>
      {colours.legend.map((item) => {
        const label = 'key' in item ? t(item.key as MessageKey, item.params) : item.text;
        return (
          <Flex key={label} align="center" gap={6}>
            <span className={styles.swatch} style={{ background: item.colour }} />
            <span>{label}</span>
          </Flex>
        );
      })}
    </div>
  );
}

export function CampusMapPage() {
  const { t } = useI18n();
  const can = useCan();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [schoolId, setSchool, schools] = useSchool();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('b');
  const [threeD, setThreeD] = useState(true);
  const [colourBy, setColourBy] = useState<ColourMode>('use');
  const [editing, setEditing] = useState<{ id: string; outline: Polygon | null } | null>(null);
  const [draft, setDraft] = useState<Polygon | null>(null);
  const [webgl] = useState(hasWebGL);
  useEffect(() => {
    if (webgl) loadMapView().catch(() => undefined); // the lazy import below reports a failure
  }, [webgl]);
  const mapView = useRef<MapViewHandle>(null);
  const canManage = can('place.manage');

  const campus = useCampusMap(schoolId);
  const buildings = useQuery({
    queryKey: [...queryKeys.places, 'map-buildings', schoolId],
    queryFn: () => listBuildings(schoolId!),
    enabled: Boolean(schoolId),
  });
  const data = campus.data;

  const colours = useMemo(() => {
    const props = data?.buildings.features.map((f) => f.properties) ?? [];
    const gridNames = new Map(props.flatMap((p) => (p.gridId && p.gridName ? [[p.gridId, p.gridName]] : [])));
    return colouring(colourBy, props, gridNames);
  }, [data, colourBy]);

  const outlined = useMemo(
    () => new Map(data?.buildings.features.map((f) => [f.properties.id, f.geometry]) ?? []),
    [data],
  );

  const select = (id: string | null) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id) next.set('b', id);
        else next.delete('b');
        return next;
      },
      { replace: true },
    );
  };

  const stopEditing = () => {
    setEditing(null);
    setDraft(null);
  };

  const save = useMutation({
    mutationFn: ({ id, outline }: { id: string; outline: Polygon | null }) => saveOutline(id, outline),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.map });
      void queryClient.invalidateQueries({ queryKey: queryKeys.places });
      void message.success(t('common.saved'));
      stopEditing();
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });

  const removeOutline = (id: string) => {
    modal.confirm({
      title: t('map.edit.removeConfirm'),
      content: t('map.edit.removeHint'),
      okText: t('map.edit.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => save.mutateAsync({ id, outline: null }).catch(() => undefined),
    });
  };

  const chooseSchool = (id: string) => {
    stopEditing();
    select(null);
    setSchool(id);
  };

  const pick = (id: string) => {
    select(id);
    mapView.current?.focus(id);
  };

  const locale = useMapLocale();

  const editingName = editing
    ? (buildings.data?.items.find((b) => b.id === editing.id)?.name ??
      data?.buildings.features.find((f) => f.properties.id === editing.id)?.properties.name ??
      '')
    : '';

  const noOutlines = data !== undefined && data.bounds === null;

  let stage;
  if (!webgl) {
    stage = (
      <div className={styles.notice}>
        <Alert type="warning" showIcon title={t('map.noWebgl')} description={t('map.noWebglHint')} />
      </div>
    );
  } else if (campus.error) {
    stage = (
      <div className={styles.notice}>
        <Alert
          type="error"
          showIcon
          title={errorMessage(campus.error, t)}
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={() => void campus.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      </div>
    );
  } else if (!data) {
    stage = (
      <div className={styles.centred}>
        <Spin />
      </div>
    );
  } else if (noOutlines) {
    stage = (
      <div className={styles.centred}>
        <Empty
          description={
            <Space orientation="vertical" size={4}>
              <Typography.Text strong>{t('map.empty')}</Typography.Text>
              <Typography.Text type="secondary">
                {canManage ? t('map.emptyHintAdmin') : t('map.emptyHint')}
              </Typography.Text>
            </Space>
          }
        >
          {canManage && schoolId && <ImportOutlinesButton schoolId={schoolId} type="primary" />}
        </Empty>
      </div>
    );
  } else {
    stage = (
      <>
        <Suspense
          fallback={
            <div className={styles.centred}>
              <Spin />
            </div>
          }
        >
          <MapView
            key={data.schoolId}
            ref={mapView}
            data={data}
            threeD={threeD}
            colouring={colours}
            selectedId={selectedId}
            onSelect={select}
            editing={editing}
            onDraft={setDraft}
            locale={locale}
            failedText={t('map.failed')}
          />
        </Suspense>
        {!editing && <Legend mode={colourBy} colours={colours} />}
        {editing && (
          <div className={styles.editBar}>
            <Alert
              type="info"
              showIcon
              title={t('map.edit.editing', { name: editingName })}
              description={draft ? t('map.edit.adjustHint') : t('map.edit.drawHint')}
              action={
                <Space size={6}>
                  <Button size="small" onClick={() => mapView.current?.redraw()}>
                    {t('map.edit.redraw')}
                  </Button>
                  <Button size="small" onClick={stopEditing}>
                    {t('common.cancel')}
                  </Button>
                  <Button
                    type="primary"
                    size="small"
                    disabled={!draft}
                    loading={save.isPending}
                    onClick={() => draft && save.mutate({ id: editing.id, outline: draft })}
                  >
                    {t('common.save')}
                  </Button>
                </Space>
              }
            />
          </div>
        )}
      </>
    );
  }

  const showMapTools = webgl && data !== undefined && !noOutlines;

  return (
    <Card>
      <Flex wrap gap={8} justify="space-between" className={styles.toolbar}>
        <Flex wrap gap={8} align="center">
          <SchoolSelect value={schoolId} onChange={chooseSchool} schools={schools} />
          {showMapTools && (
            <>
              <Segmented
                aria-label={t('map.view')}
                value={threeD ? '3d' : '2d'}
                disabled={Boolean(editing)}
                onChange={(v) => setThreeD(v === '3d')}
                options={[
                  { value: '2d', label: t('map.view.2d') },
                  { value: '3d', label: t('map.view.3d') },
                ]}
              />
              <Select
                aria-label={t('map.colourBy')}
                style={{ width: 180 }}
                value={colourBy}
                onChange={setColourBy}
                prefix={t('map.colourBy')}
                options={COLOUR_MODES.map((mode) => ({ value: mode, label: t(`map.colour.${mode}`) }))}
              />
            </>
          )}
          {webgl && data !== undefined && (
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              aria-label={t('map.find')}
              placeholder={t('map.find')}
              style={{ width: 220 }}
              disabled={Boolean(editing)}
              loading={buildings.isFetching}
              value={selectedId ?? undefined}
              onChange={(id: string | undefined) => (id ? pick(id) : select(null))}
              options={(buildings.data?.items ?? []).map((b) => ({
                value: b.id,
                label: outlined.has(b.id) ? b.name : withNote(t, b.name, t('map.panel.noOutline')),
              }))}
            />
          )}
          {showMapTools && (
            <Button icon={<AimOutlined />} onClick={() => mapView.current?.resetView()}>
              {t('map.resetView')}
            </Button>
          )}
        </Flex>
        {canManage && schoolId && showMapTools && !editing && <ImportOutlinesButton schoolId={schoolId} />}
      </Flex>

      <div className={styles.body}>
        <div className={styles.stage}>{stage}</div>
        {selectedId && data && (
          <BuildingPanel
            key={selectedId}
            id={selectedId}
            hasOutline={outlined.has(selectedId)}
            canManage={canManage && webgl && !noOutlines}
            editing={editing?.id === selectedId}
            onClose={() => {
              stopEditing();
              select(null);
            }}
            onEdit={() => {
              setDraft(null);
              setEditing({ id: selectedId, outline: outlined.get(selectedId) ?? null });
            }}
            onRemoveOutline={() => removeOutline(selectedId)}
          />
        )}
      </div>
    </Card>
  );
}
