import { FolderOpenOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Breadcrumb,
  Button,
  Checkbox,
  Flex,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState, type MouseEvent } from 'react';
import { useSearchParams } from 'react-router';
import { queryKeys } from '../../api/keys';
import type { Place } from '../../api/types';
import { EditLink } from '../../components/editColumn';
import { ListPage } from '../../components/ListPage';
import { useListPage, type FilterSpec } from '../../components/useListPage';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import {
  childKinds,
  exportPlaces,
  getPlace,
  listPlaces,
  PLACE_KINDS,
  PLACE_USES,
  type PlaceFilters,
  type PlaceKind,
} from './api';
import { PlaceFormModal } from './PlaceFormModal';
import styles from './places.module.css';
import { withNote } from '../../lib/words';

const KIND_COLOR: Record<PlaceKind, string> = {
  building: 'blue',
  floor: 'geekblue',
  room: 'cyan',
  gate: 'orange',
  area: 'green',
};

/** Storey of a floor or room: "3 层", "地下 1 层". */
function storey(t: Translate, floor: number): string {
  return floor < 0 ? t('places.basement', { n: -floor }) : t('places.storey', { n: floor });
}

// The kind and the place opened are the page's own (the kind's default depends on where one is).
const FILTER_SPEC: FilterSpec<PlaceFilters> = {
  q: 'text',
  use: PLACE_USES,
  keyPart: 'flag',
};

export function PlacesPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const within = params.get('in') ?? undefined;
  // Top level: buildings unless another kind is chosen; inside a place: everything in it.
  const [kind, setKind] = useState<PlaceKind | undefined>(within ? undefined : 'building');
  const page = useListPage<PlaceFilters, Place>({
    spec: FILTER_SPEC,
    queryKey: queryKeys.places,
    manage: 'place.manage',
    fetchPage: listPlaces,
    extra: { kind, within },
  });
  const { schoolId, filters, filter, canManage, dialog, setDialog, paging, list, effective } = page;

  const current = useQuery({
    queryKey: [...queryKeys.places, 'one', within],
    queryFn: () => getPlace(within!),
    enabled: !!within,
  });

  // Another place opened (a click, or the browser's back button): its default kind, first page.
  const [shown, setShown] = useState(within);
  if (shown !== within) {
    setShown(within);
    setKind(within ? undefined : 'building');
  }
  // Opening a place keeps the filters and starts at its first page.
  const open = (place: { id: string } | null) =>
    setParams(() => {
      const next = new URLSearchParams(window.location.search);
      if (place) next.set('in', place.id);
      else next.delete('in');
      next.delete('page');
      return next;
    });
  // Real links (a new tab works), followed in place on a plain click.
  const placeHref = (id: string | null) => (id ? `?in=${id}` : '?');
  const follow = (place: { id: string } | null) => (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    open(place);
  };
  const filtered = paging.filtered || kind !== (within ? undefined : 'building');

  const here = within ? current.data : null;
  const creatable = childKinds(here ? here.kind : null);
  // The list's parentName can come back empty; the parents are mostly on screen anyway: the place
  // opened, or a floor listed beside its rooms. The breadcrumb asks for the parent when it must.
  const parentOfHere = useQuery({
    queryKey: [...queryKeys.places, 'one', here?.parentId],
    queryFn: () => getPlace(here!.parentId!),
    enabled: !!here?.parentId && !here.parentName,
  });
  const hereParentName = here?.parentName ?? parentOfHere.data?.name;
  const names = new Map<string, string>((list.data?.items ?? []).map((p) => [p.id, p.name]));
  if (here) names.set(here.id, here.name);
  const parentName = (p: Place) => p.parentName ?? (p.parentId ? names.get(p.parentId) : undefined);

  const columns: TableColumnsType<Place> = [
    { title: t('places.code'), dataIndex: 'code', width: 120, fixed: 'left' },
    {
      title: t('places.name'),
      dataIndex: 'name',
      width: 180,
      render: (name: string, p) => (
        <Space size={4}>
          {childKinds(p.kind).length > 0 ? (
            <Typography.Link href={placeHref(p.id)} onClick={follow(p)}>
              {name}
            </Typography.Link>
          ) : (
            name
          )}
          {p.status === 'disabled' && <Tag>{t('status.disabled')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('places.kind'),
      dataIndex: 'kind',
      width: 80,
      render: (k: PlaceKind) => <Tag color={KIND_COLOR[k]}>{t(`places.kind.${k}`)}</Tag>,
    },
    {
      title: t('places.use'),
      dataIndex: 'use',
      width: 90,
      render: (use: Place['use']) => (use ? t(`places.use.${use}`) : EMPTY),
    },
    {
      title: t('places.keyPart'),
      key: 'keyPart',
      width: 220,
      render: (_, p) =>
        p.keyPart ? (
          <Flex gap={4} align="center">
            <Tag color="red">{t('places.keyPartTag')}</Tag>
            {p.keyReason && (
              <Tooltip title={p.keyReason}>
                <Typography.Text ellipsis className={styles.reason}>
                  {p.keyReason}
                </Typography.Text>
              </Tooltip>
            )}
          </Flex>
        ) : null,
    },
    // At the top level buildings sit on the campus itself: nothing to show.
    ...(within || kind !== 'building'
      ? [
          {
            title: t('places.parent'),
            key: 'parent',
            width: 150,
            render: (_: unknown, p: Place) => parentName(p) ?? EMPTY,
          },
        ]
      : []),
    {
      title: t('places.floorCol'),
      key: 'floor',
      width: 90,
      render: (_, p) =>
        p.kind === 'building' && p.floors !== null
          ? t('places.floorsCount', { n: p.floors })
          : p.floor !== null
            ? storey(t, p.floor)
            : EMPTY,
    },
    {
      title: t('places.capacity'),
      dataIndex: 'capacity',
      width: 90,
      align: 'right',
      render: (c: number | null) => c ?? EMPTY,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canManage ? 190 : 110,
      fixed: 'right',
      render: (_, p) => (
        <Space size={0}>
          {childKinds(p.kind).length > 0 && (
            <Button type="link" size="small" icon={<FolderOpenOutlined />} onClick={() => open(p)}>
              {t(p.kind === 'building' ? 'places.openBuilding' : 'places.openFloor')}
            </Button>
          )}
          {canManage && <EditLink onClick={() => setDialog({ kind: 'edit', row: p })} />}
        </Space>
      ),
    },
  ];

  const crumbs = [
    {
      key: 'root',
      title: within ? (
        <a href={placeHref(null)} onClick={follow(null)}>
          {t('places.allBuildings')}
        </a>
      ) : (
        t('places.allBuildings')
      ),
    },
    ...(here?.parentId
      ? [
          {
            key: 'parent',
            title: (
              <a href={placeHref(here.parentId)} onClick={follow({ id: here.parentId })}>
                {hereParentName ?? '…'}
              </a>
            ),
          },
        ]
      : []),
    ...(within ? [{ key: 'here', title: here ? withNote(t, here.name, here.code) : '…' }] : []),
  ];

  return (
    <ListPage<PlaceFilters, Place>
      page={page}
      header={<Breadcrumb items={crumbs} className={styles.crumbs} />}
      searchPlaceholder={t('places.searchPlaceholder')}
      searchClassName={styles.filterWide}
      onSchool={() => open(null)}
      exportButton={{
        label: t('places.export'),
        hint: t('places.exportHint'),
        run: () => exportPlaces(schoolId!, effective),
      }}
      create={
        creatable.length > 0
          ? {
              label: here ? t('places.createIn', { name: here.name }) : t('places.create'),
              disabled: !!within && !here,
              onClick: () => setDialog({ kind: 'create', parent: here ?? null }),
            }
          : null
      }
      columns={columns}
      scroll={{ x: 1200 }}
      error={list.error ?? current.error}
      empty={{
        text: within ? t('places.emptyInside') : t('places.empty'),
        filtered,
        importHint: canManage && !within,
        importText: t('places.goImport'),
      }}
      filters={
        <>
          <Select
            allowClear
            placeholder={t('places.kind')}
            className={styles.filterNarrow}
            value={kind}
            options={(within ? PLACE_KINDS.filter((k) => k === 'floor' || k === 'room') : PLACE_KINDS).map(
              (k) => ({ value: k, label: t(`places.kind.${k}`) }),
            )}
            onChange={(k) => {
              setKind(k);
              paging.setPage(1);
            }}
          />
          <Select
            allowClear
            placeholder={t('places.use')}
            className={styles.filterNarrow}
            value={filters.use}
            options={PLACE_USES.map((u) => ({ value: u, label: t(`places.use.${u}`) }))}
            onChange={(use) => filter({ use })}
          />
          <Checkbox
            checked={filters.keyPart === true}
            onChange={(e) => filter({ keyPart: e.target.checked ? true : undefined })}
            className={styles.check}
          >
            {t('places.keyPartOnly')}
          </Checkbox>
        </>
      }
      form={
        dialog?.kind === 'edit' ? (
          <PlaceFormModal
            schoolId={dialog.row.schoolId}
            place={dialog.row}
            parent={null}
            onClose={page.closeDialog}
          />
        ) : (
          dialog?.kind === 'create' &&
          schoolId && (
            <PlaceFormModal schoolId={schoolId} parent={dialog.parent ?? null} onClose={page.closeDialog} />
          )
        )
      }
    />
  );
}
