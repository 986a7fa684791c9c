import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Typography, Upload, type ButtonProps } from 'antd';
import { queryKeys } from '../../api/keys';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { importOutlines } from './api';
import { MAX_FEATURES, MAX_FILE_BYTES, parseOutlineFile, type OutlineCollection } from '../../map/geo';

const SHOWN_UNMATCHED = 50;

/**
 * "导入 GeoJSON": a .geojson/.json file read in the browser, checked to be a FeatureCollection
 * whose features carry the place code, and sent to the server, which sets the matching outlines.
 */
export function ImportOutlinesButton({ schoolId, type }: { schoolId: string; type?: ButtonProps['type'] }) {
  const t = useT();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();

  const upload = useMutation({
    mutationFn: (collection: OutlineCollection) => importOutlines(schoolId, collection),
    onSuccess: ({ updated, unmatched }) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.map });
      void queryClient.invalidateQueries({ queryKey: queryKeys.places });
      if (unmatched.length === 0) {
        void message.success(t('map.import.done', { updated }));
        return;
      }
      const shown = unmatched.slice(0, SHOWN_UNMATCHED).join(t('common.listSeparator'));
      modal.warning({
        title: t('map.import.partial', { updated, unmatched: unmatched.length }),
        content: (
          <>
            <Typography.Paragraph>{t('map.import.unmatchedHint')}</Typography.Paragraph>
            <Typography.Paragraph code copyable={{ text: unmatched.join('\n') }}>
              {unmatched.length > SHOWN_UNMATCHED ? t('map.import.andMore', { codes: shown }) : shown}
            </Typography.Paragraph>
          </>
        ),
      });
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });

  const read = async (file: File) => {
    if (file.size > MAX_FILE_BYTES) {
      void message.error(t('map.import.tooLarge'));
      return;
    }
    const parsed = parseOutlineFile(await file.text());
    if (!parsed.ok) {
      void message.error(t(`map.import.invalid.${parsed.reason}`, { max: MAX_FEATURES }));
      return;
    }
    upload.mutate(parsed.collection);
  };

  return (
    <Upload
      accept=".geojson,.json,application/geo+json,application/json"
      showUploadList={false}
      maxCount={1}
      beforeUpload={(file) => {
        void read(file);
        return Upload.LIST_IGNORE;
      }}
    >
      <Button type={type} icon={<UploadOutlined />} loading={upload.isPending}>
        {t('map.import.button')}
      </Button>
    </Upload>
  );
}
