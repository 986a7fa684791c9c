import { ApartmentOutlined, EditOutlined, HomeOutlined } from '@ant-design/icons';
import { ApiError } from '@anxiao/web-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Modal,
  Segmented,
  Select,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { queryKeys } from '../../api/keys';
import { useOrgs } from '../../api/orgs';
import type { GridDetail, Org, OrgKind, Place } from '../../api/types';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { searchPlaces } from '../../api/places';
import { placesInGrid, setGridBindings, type PlaceKind } from './api';
import styles from './grids.module.css';
import { useDebounced } from './useDebounced';

type Binding = GridDetail['bindings'][number];

const SHOWN_TAGS = 40;

/** Which organisations a grid may be bound to: the campus for physical grids, people's units for virtual ones. */
function orgKindsFor(grid: GridDetail): readonly OrgKind[] {
  return grid.kind === 'physical' ? ['school', 'campus'] : ['college', 'class', 'department'];
}

function placeKindsFor(grid: GridDetail): PlaceKind[] {
  return grid.kind === 'physical' ? ['building', 'floor', 'room'] : ['room', 'floor', 'building'];
}

/** The place kind a grid of this level usually covers. */
function defaultPlaceKind(grid: GridDetail): PlaceKind {
  switch (grid.level) {
    case 'floor':
      return 'floor';
    case 'room':
    case 'dorm_room':
    case 'college':
    case 'class':
      return 'room';
    case 'campus':
    case 'zone':
    case 'building':
      return 'building';
  }
}

function wantsOrgs(grid: GridDetail): boolean {
  return grid.kind === 'physical' ? grid.level === 'campus' : grid.level !== 'dorm_room';
}

function wantsPlaces(grid: GridDetail): boolean {
  return grid.kind === 'physical' || grid.level === 'dorm_room';
}

function bindingLabel(b: Binding): string {
  if (b.orgId) return b.orgName ?? b.orgId;
  return b.placeCode && b.placeName !== b.placeCode
    ? `${b.placeName}（${b.placeCode}）`
    : (b.placeName ?? '');
}

function placeLabel(p: Place): string {
  const name = p.parentName && p.kind !== 'building' ? `${p.parentName} / ${p.name}` : p.name;
  return p.code && p.code !== p.name ? `${name}（${p.code}）` : name;
}

/** The organisations of one school, each labelled with the way down from the school. */
function schoolOrgs(orgs: readonly Org[], schoolId: string, kinds: readonly OrgKind[]) {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const out: { value: string; label: string }[] = [];
  for (const org of orgs) {
    if (!kinds.includes(org.kind)) continue;
    const names: string[] = [];
    let cur: Org | undefined = org;
    let inSchool = false;
    while (cur) {
      if (cur.id === schoolId) {
        inSchool = true;
        if (org.id === schoolId) names.unshift(cur.name);
        break;
      }
      names.unshift(cur.name);
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
    if (inSchool) out.push({ value: org.id, label: names.join(' / ') });
  }
  return out;
}

interface BindingValues {
  orgIds: string[];
  placeIds: string[];
}

function BindingsModal({ grid, onClose }: { grid: GridDetail; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<BindingValues>();
  const orgs = useOrgs();

  const current = { orgIds: [] as string[], placeIds: [] as string[] };
  const known: Record<string, string> = {};
  for (const b of grid.bindings) {
    if (b.orgId) current.orgIds.push(b.orgId);
    if (b.placeId) current.placeIds.push(b.placeId);
    known[(b.orgId ?? b.placeId)!] = bindingLabel(b);
  }
  const showOrgs = wantsOrgs(grid) || current.orgIds.length > 0;
  const showPlaces = wantsPlaces(grid) || current.placeIds.length > 0;

  const [placeKind, setPlaceKind] = useState<PlaceKind>(defaultPlaceKind(grid));
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const [labels, setLabels] = useState<Record<string, string>>(known);
  const placeIds = Form.useWatch('placeIds', form) ?? current.placeIds;

  // A physical sub-grid takes places inside its parent's coverage (a floor of its building); that
  // is also all a grid leader may look up, holding no place permission of the school.
  const withinParent = grid.kind === 'physical' && grid.parentId !== null;
  const places = useQuery({
    queryKey: [...queryKeys.places, 'pick', withinParent ? grid.parentId : grid.schoolId, placeKind, q],
    queryFn: () =>
      withinParent
        ? placesInGrid(grid.parentId!, placeKind, q)
        : searchPlaces(grid.schoolId, placeKind, q, 500),
    enabled: showPlaces,
    staleTime: 30_000,
  });

  const schoolOptions = useMemo(
    () => schoolOrgs(orgs.data ?? [], grid.schoolId, orgKindsFor(grid)),
    [orgs.data, grid],
  );
  // Bound organisations out of the user's sight still show by name.
  const orgOptions = [
    ...current.orgIds
      .filter((id) => !schoolOptions.some((o) => o.value === id))
      .map((id) => ({ value: id, label: known[id] ?? id })),
    ...schoolOptions,
  ];

  const found = (places.data ?? []).map((p) => ({ value: p.id, label: placeLabel(p) }));
  const placeOptions = [
    ...placeIds
      .filter((id) => !found.some((o) => o.value === id))
      .map((id) => ({ value: id, label: labels[id] ?? id })),
    ...found,
  ];

  const save = useMutation({
    mutationFn: (v: BindingValues) => setGridBindings(grid.id, v.orgIds ?? [], v.placeIds ?? []),
    onSuccess: (updated) => {
      queryClient.setQueryData([...queryKeys.grids, 'detail', grid.id], updated);
      void queryClient.invalidateQueries({ queryKey: queryKeys.grids });
      void queryClient.invalidateQueries({ queryKey: queryKeys.coverage });
      void queryClient.invalidateQueries({ queryKey: queryKeys.map });
      void message.success(t('common.saved'));
      onClose();
    },
  });

  return (
    <Modal
      open
      width={640}
      title={t('grids.bindingsEditTitle', { name: grid.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">
        {t(grid.kind === 'physical' ? 'grids.bindingsHintPhysical' : 'grids.bindingsHintVirtual')}
      </Typography.Paragraph>
      <Form<BindingValues>
        form={form}
        layout="vertical"
        initialValues={current}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => save.reset()}
      >
        {showOrgs && (
          <Form.Item
            name="orgIds"
            label={t(grid.kind === 'physical' ? 'grids.bindOrgsPhysical' : 'grids.bindOrgsVirtual')}
          >
            <Select
              mode="multiple"
              allowClear
              loading={orgs.isLoading}
              placeholder={t('grids.bindOrgsPlaceholder')}
              options={orgOptions}
              showSearch={{ optionFilterProp: 'label' }}
              maxTagCount={30}
            />
          </Form.Item>
        )}
        {showPlaces && (
          <>
            <Flex align="center" gap={8} className={styles.placeKind}>
              <span>{t('grids.bindPlaceKind')}</span>
              <Segmented<PlaceKind>
                size="small"
                value={placeKind}
                options={placeKindsFor(grid).map((k) => ({ value: k, label: t(`grids.placeKind.${k}`) }))}
                onChange={setPlaceKind}
              />
            </Flex>
            <Form.Item
              name="placeIds"
              label={t(grid.kind === 'physical' ? 'grids.bindPlaces' : 'grids.bindDormRooms')}
              extra={t('grids.bindPlacesHint')}
            >
              <Select
                mode="multiple"
                allowClear
                placeholder={t('grids.bindPlacesPlaceholder')}
                options={placeOptions}
                showSearch={{ filterOption: false, onSearch: setSearch, autoClearSearchValue: false }}
                notFoundContent={places.isFetching ? <Spin size="small" /> : t('grids.placeNone')}
                maxTagCount={30}
                onChange={(ids: string[]) => {
                  const picked = Object.fromEntries(
                    found.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label]),
                  );
                  setLabels((prev) => ({ ...prev, ...picked }));
                }}
              />
            </Form.Item>
            {places.error && (
              <Alert
                type="warning"
                showIcon
                title={
                  places.error instanceof ApiError && places.error.status === 403
                    ? t('grids.placesForbidden')
                    : errorMessage(places.error, t)
                }
              />
            )}
          </>
        )}
        {save.error && (
          <Alert type="error" showIcon title={errorMessage(save.error, t)} className={styles.formAlert} />
        )}
      </Form>
    </Modal>
  );
}

/** What the grid covers: buildings/floors/rooms or colleges/classes/dorm rooms. */
export function BindingsCard({ grid }: { grid: GridDetail }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? grid.bindings : grid.bindings.slice(0, SHOWN_TAGS);

  return (
    <Card
      title={t('grids.bindingsTitle', { count: grid.bindings.length })}
      extra={
        grid.canRestructure && (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('grids.bindingsEdit')}
          </Button>
        )
      }
    >
      {grid.bindings.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grids.bindingsNone')} />
      ) : (
        <Flex wrap gap={6}>
          {shown.map((b) => (
            <Tag
              key={b.id}
              icon={b.orgId ? <ApartmentOutlined /> : <HomeOutlined />}
              color={b.orgId ? 'purple' : 'blue'}
            >
              {bindingLabel(b)}
            </Tag>
          ))}
          {grid.bindings.length > shown.length && (
            <Button type="link" size="small" onClick={() => setShowAll(true)}>
              {t('grids.bindingsMore', { count: grid.bindings.length - shown.length })}
            </Button>
          )}
        </Flex>
      )}
      {editing && <BindingsModal grid={grid} onClose={() => setEditing(false)} />}
    </Card>
  );
}
