import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps } from 'antd';
import { useState } from 'react';
import { errorMessage, useT } from '../i18n/I18nProvider';

interface ExportButtonProps extends Omit<ButtonProps, 'icon' | 'loading' | 'onClick'> {
  /** fetch the file and hand it to the browser (a feature's export or download call) */
  onExport: () => Promise<unknown>;
}

/** A download button: loading while the file comes, a failure shown as a message. */
export function ExportButton({ onExport, ...props }: ExportButtonProps) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await onExport();
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  return <Button {...props} icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} />;
}
