import { ReloadOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Empty, Flex, Segmented, Skeleton, Typography } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage, useI18n } from '../i18n/I18nProvider';
import { useTick } from '../lib/clock';
import type { DeadlineState } from '../lib/deadline';
import shared from './page.module.css';

/** The features with a to-do queue, each with its texts under its own name. */
type Feature = 'requests' | 'hazards';

/**
 * One item of a to-do queue: a button opening the record, its tags in a row (`head`, the
 * countdown `due` at the far end), its text cut at two lines, then `children` (the facts under it).
 */
export function QueueCard({
  id,
  todo,
  testId,
  marked,
  onOpen,
  head,
  due,
  text,
  children,
}: {
  id: string;
  todo: string;
  testId: string;
  /** single out (a red bar on the left) */
  marked?: boolean;
  onOpen: (id: string) => void;
  head: ReactNode;
  due?: ReactNode;
  /** undefined: no text line */
  text?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={marked ? `${shared.queueItem} ${shared.queueMarked}` : shared.queueItem}
      data-testid={testId}
      data-todo={todo}
      data-id={id}
      onClick={() => onOpen(id)}
    >
      <div className={shared.queueHead}>
        {head}
        <span className={shared.grow} />
        {due}
      </div>
      {text !== undefined && <div className={shared.queueText}>{text}</div>}
      {children}
    </button>
  );
}

/**
 * What the signed-in user is expected to do next in a feature, soonest deadline first: the count,
 * how many are late or close, a filter by kind of work (kept in the address, ?todo=…), and the
 * items. `dueState` says how an item's deadline stands now (the page ticks every second).
 */
export function TodoQueue<T extends string, I extends { todo: T }>({
  feature,
  query,
  todos,
  dueState,
  actions,
  overdueTestId,
  listTestId,
  itemKey,
  renderItem,
}: {
  feature: Feature;
  query: UseQueryResult<I[]>;
  /** every kind of work, in the filter's order */
  todos: readonly T[];
  dueState: (item: I, now: number) => DeadlineState | undefined;
  actions?: ReactNode;
  overdueTestId: string;
  listTestId: string;
  itemKey: (item: I) => string;
  renderItem: (item: I) => ReactNode;
}) {
  const { t, tCode } = useI18n();
  const [params, setParams] = useSearchParams();
  const now = useTick();
  const items = query.data ?? [];
  const chosen = params.get('todo');
  const todo: T | 'all' = todos.find((x) => x === chosen) ?? 'all';

  const counts = new Map<T, number>();
  for (const i of items) counts.set(i.todo, (counts.get(i.todo) ?? 0) + 1);
  const shown = todo === 'all' ? items : items.filter((i) => i.todo === todo);
  const overdue = items.filter((i) => dueState(i, now) === 'overdue').length;
  const soon = items.filter((i) => dueState(i, now) === 'soon').length;

  const choose = (next: T | 'all') => setParams(next === 'all' ? {} : { todo: next }, { replace: true });

  return (
    <Card>
      <Flex wrap gap={12} align="center" justify="space-between" className={shared.toolbar}>
        <Flex wrap gap={12} align="center">
          <Typography.Title level={4} className={shared.flat}>
            {t(`${feature}.queue.title`)}
          </Typography.Title>
          <Badge count={items.length} showZero color={items.length ? 'blue' : 'gray'} />
          {overdue > 0 && (
            <Typography.Text type="danger" data-testid={overdueTestId}>
              {t(`${feature}.queue.overdueCount`, { count: overdue })}
            </Typography.Text>
          )}
          {soon > 0 && (
            <Typography.Text type="warning">
              {t(`${feature}.queue.soonCount`, { count: soon })}
            </Typography.Text>
          )}
        </Flex>
        <Flex wrap gap={8}>
          <Button
            icon={<ReloadOutlined />}
            loading={query.isFetching}
            onClick={() => void query.refetch()}
            aria-label={t(`${feature}.refresh`)}
          />
          {actions}
        </Flex>
      </Flex>
      {items.length > 0 && (
        <Segmented<T | 'all'>
          className={shared.todoFilter}
          value={todo}
          onChange={choose}
          options={[
            { value: 'all', label: t(`${feature}.queue.all`, { count: items.length }) },
            ...todos
              .filter((x) => counts.has(x))
              .map((x) => ({ value: x, label: `${tCode(`${feature}.todo`, x)} ${counts.get(x)}` })),
          ]}
        />
      )}
      {!!query.error && <Alert type="error" showIcon title={errorMessage(query.error, t)} />}
      {query.isPending ? (
        <Skeleton active />
      ) : shown.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={todo === 'all' ? t(`${feature}.queue.empty`) : t('common.noMatch')}
        />
      ) : (
        <div className={shared.queue} data-testid={listTestId}>
          {shown.map((i) => (
            <Fragment key={itemKey(i)}>{renderItem(i)}</Fragment>
          ))}
        </div>
      )}
    </Card>
  );
}
