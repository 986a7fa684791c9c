import { EditOutlined } from '@ant-design/icons';
import { Button, type TableColumnType } from 'antd';
import { useT, type Translate } from '../i18n/I18nProvider';

/** The edit link of a list's row. */
export function EditLink({ onClick }: { onClick: () => void }) {
  const t = useT();
  return (
    <Button type="link" size="small" icon={<EditOutlined />} onClick={onClick}>
      {t('common.edit')}
    </Button>
  );
}

/** A list's actions column when its one action is to edit the row. */
export function editColumn<T>(t: Translate, width: number, onEdit: (row: T) => void): TableColumnType<T> {
  return {
    title: t('common.actions'),
    key: 'actions',
    width,
    fixed: 'right',
    render: (_: unknown, row: T) => <EditLink onClick={() => onEdit(row)} />,
  };
}
