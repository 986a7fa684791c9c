import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../i18n/I18nProvider';

/** The page for an unknown address (404) or one the user may not open (403). */
export function StatusPage({ status }: { status: 403 | 404 }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status={status === 403 ? '403' : '404'}
      title={status}
      subTitle={status === 403 ? t('page.forbidden') : t('page.notFound')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('page.backHome')}
        </Button>
      }
    />
  );
}
