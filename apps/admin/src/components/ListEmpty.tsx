import { Empty } from 'antd';
import { Link } from 'react-router';
import { useT } from '../i18n/I18nProvider';

interface ListEmptyProps {
  /** whether a filter is set: then "nothing matches" rather than "nothing yet" */
  filtered: boolean;
  /** what to say when the list is empty without filters */
  emptyText: string;
  /** offer the import page (for those who may import) */
  importHint?: boolean;
  /** the link's words, when more precise than the default (去批量导入房间) */
  importText?: string;
}

/** The empty state of a list: either nothing matches the filters, or nothing is registered yet. */
export function ListEmpty({ filtered, emptyText, importHint, importText }: ListEmptyProps) {
  const t = useT();
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        filtered ? (
          t('common.noMatch')
        ) : (
          <>
            {emptyText}
            {importHint && (
              <>
                {' '}
                <Link to="/imports">{importText ?? t('common.goImport')}</Link>
              </>
            )}
          </>
        )
      }
    />
  );
}
