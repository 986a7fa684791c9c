import { Button, Space, Typography } from 'antd';

/**
 * The steps the reader may take on a record now (exactly the server's `allowed`), in the order of
 * `all`: the first not on the side (`side`) is the primary button, the ones in `danger` red. None:
 * `emptyText`, why there is nothing to do.
 */
export function ActionBar<A extends string>({
  all,
  allowed,
  side,
  danger,
  label,
  onAct,
  emptyText,
  testId,
}: {
  all: readonly A[];
  allowed: readonly A[];
  side: ReadonlySet<A>;
  danger: ReadonlySet<A>;
  label: (action: A) => string;
  onAct: (action: A) => void;
  emptyText: string;
  /** the bar's test id: `<testId>-actions`, `<testId>-action-<action>`, `<testId>-no-actions` */
  testId: string;
}) {
  const actions = all.filter((a) => allowed.includes(a));
  if (actions.length === 0)
    return (
      <Typography.Text type="secondary" data-testid={`${testId}-no-actions`}>
        {emptyText}
      </Typography.Text>
    );
  const primary = actions.find((a) => !side.has(a));
  return (
    <Space wrap data-testid={`${testId}-actions`}>
      {actions.map((a) => (
        <Button
          key={a}
          data-testid={`${testId}-action-${a}`}
          type={a === primary ? 'primary' : 'default'}
          danger={danger.has(a)}
          onClick={() => onAct(a)}
        >
          {label(a)}
        </Button>
      ))}
    </Space>
  );
}
