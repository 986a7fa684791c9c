import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { ApiError } from '@anxiao/web-core';
import { Button, Card, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { errorMessage, useT } from '../i18n/I18nProvider';
import shared from './page.module.css';

/**
 * The way back from one record's page: to where the user came from, or to `list` when the page was
 * opened straight from a link (a notification, a new tab).
 */
export function BackButton({ list, children }: { list: string; children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const back = () => {
    if (location.key !== 'default') void navigate(-1);
    else void navigate(list);
  };
  return (
    <Button type="link" icon={<ArrowLeftOutlined />} onClick={back} className={shared.back}>
      {children}
    </Button>
  );
}

/**
 * One record's page while its record is not there: the error (not found, or another) with a
 * retry under the way back, else a skeleton while it loads.
 */
export function DetailPending({
  query,
  back,
}: {
  query: { error: unknown; refetch: () => Promise<unknown> };
  back: ReactNode;
}) {
  const t = useT();
  if (query.error)
    return (
      <Card>
        {back}
        <Result
          status={query.error instanceof ApiError && query.error.status === 404 ? '404' : 'warning'}
          title={errorMessage(query.error, t)}
          extra={
            <Button icon={<ReloadOutlined />} onClick={() => void query.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      </Card>
    );
  return (
    <Card>
      <Skeleton active />
    </Card>
  );
}
