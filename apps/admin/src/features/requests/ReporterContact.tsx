import { PhoneOutlined } from '@ant-design/icons';
import { Alert, Typography } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import type { RequestDetail } from './types';

/**
 * 联系诉求人: the number to call, as the reporter left it (issue 14 item 5). A sealed reporter's
 * number stays behind the centre's audited reveal; an anonymous one left none.
 */
export function ReporterContact({ request }: { request: RequestDetail }) {
  const t = useT();
  const r = request.reporter;
  if (r.identity === 'named' && r.phone)
    return (
      <Alert
        type="info"
        showIcon
        icon={<PhoneOutlined />}
        style={{ marginBottom: 16 }}
        data-testid="req-contact-phone"
        title={
          <span>
            {t('requests.contact.call', { name: r.name ?? t('requests.identity.noName') })}{' '}
            <Typography.Link href={`tel:${r.phone}`} strong copyable={{ text: r.phone }}>
              {r.phone}
            </Typography.Link>
          </span>
        }
      />
    );
  const why =
    r.identity === 'sealed'
      ? 'requests.contact.sealed'
      : r.identity === 'anonymous'
        ? 'requests.contact.anonymous'
        : 'requests.contact.none';
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="req-contact-phone"
      title={t(why)}
    />
  );
}
