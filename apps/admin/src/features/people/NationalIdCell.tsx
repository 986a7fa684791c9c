import { EyeOutlined } from '@ant-design/icons';
import { App, Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import type { Student } from '../../api/types';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { revealNationalId } from './api';
import styles from './people.module.css';

/**
 * The masked national ID, and for those allowed a "查看" link: after a confirmation that the
 * reveal is audited, the full number replaces the masked one in this row.
 */
export function NationalIdCell({ student, canReveal }: { student: Student; canReveal: boolean }) {
  const t = useT();
  const { modal, message } = App.useApp();
  const [full, setFull] = useState<string | null>(null);

  if (!student.nationalIdMasked) return <>{EMPTY}</>;
  if (full)
    return (
      <Typography.Text copyable className={styles.mono}>
        {full}
      </Typography.Text>
    );

  const reveal = () =>
    modal.confirm({
      title: t('students.revealTitle', { name: student.name }),
      content: t('students.revealConfirm'),
      okText: t('students.revealOk'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const { nationalId } = await revealNationalId(student.id);
          if (nationalId) setFull(nationalId);
          else void message.info(t('students.revealNone'));
        } catch (err) {
          void message.error(errorMessage(err, t));
        }
      },
    });

  return (
    <Flex align="center" gap={4} wrap={false}>
      <span className={styles.mono}>{student.nationalIdMasked}</span>
      {canReveal && (
        <Button type="link" size="small" icon={<EyeOutlined />} onClick={reveal}>
          {t('students.reveal')}
        </Button>
      )}
    </Flex>
  );
}
