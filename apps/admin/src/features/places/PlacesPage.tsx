import { FolderOpenOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Flex,
  Input,
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
import { ExportButton } from '../../components/ExportButton';
import { ListToolbar } from '../../components/ListToolbar';
import { PagedTable, usePaging } from '../../components/PagedTable';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { useCan } from '../../session/CurrentUser';
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
import { ListEmpty } from '../../components/ListEmpty';
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

type Dialog = { kind: 'create'; parent: Place | null } | { kind: 'edit'; place: Place };

export function PlacesPage() {
  const t = useT();
  const can = useCan();
  const [schoolId, setSchoolId, schools] = useSchool();
  const [params, setParams] = useSearchParams();
  const within = params.get('in') ?? undefined;
  // Top level: buildings unless another kind is chosen; inside a place: everything in it.
  const [kind, setKind] = useState<PlaceKind | undefined>(within ? undefined : 'building');
  const paging = usePaging<Omit<PlaceFilters, 'kind' | 'within'>>();
  const { filters, filter } = paging;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const canManage = can('place.manage');

  const current = useQuery({
    queryKey: [...queryKeys.places, 'one', within],
    queryFn: () => getPlace(within!),
    enabled: !!within,
  });
  const effective: PlaceFilters = { ...filters, kind, within };

  const list = useQuery({
    queryKey: [...queryKeys.places, 'list', schoolId, effective, paging.page, paging.pageSize],
    queryFn: () => listPlaces(schoolId!, effective, paging.page, paging.pageSize),
    enabled: !!schoolId,
    placeholderData: keepPreviousData,
  });

  // Another place opened (a click, or the browser's back button): its default kind, first page.
  const [shown, setShown] = useState(within);
  if (shown !== within) {
    setShown(within);
    setKind(within ? undefined : 'building');
    paging.setPage(1);
  }
  const open = (place: { id: string } | null) => setParams(place ? { in: place.id } : {});
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
          {canManage && <EditLink onClick={() => setDialog({ kind: 'edit', place: p })} />}
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
    <Card>
      <Breadcrumb items={crumbs} className={styles.crumbs} />
      <ListToolbar
        resetKey={schoolId}
        actions={
          <>
            <ExportButton
              disabled={!schoolId}
              title={t('places.exportHint')}
              onExport={() => exportPlaces(schoolId!, effective)}
            >
              {t('places.export')}
            </ExportButton>
            {canManage && creatable.length > 0 && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={!schoolId || (!!within && !here)}
                onClick={() => setDialog({ kind: 'create', parent: here ?? null })}
              >
                {here ? t('places.createIn', { name: here.name }) : t('places.create')}
              </Button>
            )}
          </>
        }
      >
        <SchoolSelect
          value={schoolId}
          schools={schools}
          onChange={(id) => {
            setSchoolId(id);
            paging.clearFilters();
            open(null);
          }}
        />
        <Input.Search
          allowClear
          placeholder={t('places.searchPlaceholder')}
          className={styles.filterWide}
          onSearch={(q) => filter({ q: q.trim() || undefined })}
        />
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
      </ListToolbar>

      <PagedTable<Place>
        list={list}
        paging={paging}
        error={list.error ?? current.error}
        columns={columns}
        scroll={{ x: 1200 }}
        locale={{
          emptyText: (
            <ListEmpty
              filtered={filtered}
              emptyText={within ? t('places.emptyInside') : t('places.empty')}
              importHint={canManage && !within}
              importText={t('places.goImport')}
            />
          ),
        }}
      />

      {dialog?.kind === 'create' && schoolId && (
        <PlaceFormModal schoolId={schoolId} parent={dialog.parent} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'edit' && (
        <PlaceFormModal
          schoolId={dialog.place.schoolId}
          place={dialog.place}
          parent={null}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}
