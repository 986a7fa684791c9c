import { EyeOutlined } from '@ant-design/icons';
import { App, Button, Flex } from 'antd';
import { useState } from 'react';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { revealPhone } from './api';
import styles from './people.module.css';

/**
 * A person's phone as the server sends it: in full for those who handle the person, masked for
 * the rest, who may show it after confirming that the reveal is audited.
 */
export function PhoneCell({
  person,
  kind,
}: {
  person: { id: string; name: string; phone: string | null; phoneMasked: boolean };
  kind: 'student' | 'staff';
}) {
  const t = useT();
  const { modal, message } = App.useApp();
  const [full, setFull] = useState<string | null>(null);

  if (!person.phone) return <>{EMPTY}</>;
  if (!person.phoneMasked || full) return <span className={styles.mono}>{full ?? person.phone}</span>;

  const reveal = () =>
    modal.confirm({
      title: t('people.phoneRevealTitle', { name: person.name }),
      content: t('people.phoneRevealConfirm'),
      okText: t('students.revealOk'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const { phone } = await revealPhone(kind, person.id);
          if (phone) setFull(phone);
        } catch (err) {
          void message.error(errorMessage(err, t));
        }
      },
    });

  return (
    <Flex align="center" gap={4} wrap={false}>
      <span className={styles.mono} data-masked-phone>
        {person.phone}
      </span>
      <Button
        type="link"
        size="small"
        icon={<EyeOutlined />}
        onClick={reveal}
        aria-label={t('people.phoneReveal', { name: person.name })}
      />
    </Flex>
  );
}
