import { DownloadOutlined, InboxOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Result,
  Skeleton,
  Space,
  Steps,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { queryKeys } from '../../api/keys';
import type { ImportJob } from '../../api/types';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useI18n, type MessageKey } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import {
  applyImport,
  downloadTemplate,
  getImport,
  importableRows,
  isFinished,
  listImportKinds,
  startImport,
  type ImportHistoryItem,
  type ImportKind,
} from './api';
import { ProblemsTable, SummaryCards } from './CheckResult';
import { ImportHistory } from './ImportHistory';
import styles from './imports.module.css';
import { JobProgress } from './JobProgress';
import { ColumnsTable, KindCards } from './KindPicker';

const POLL_MS = 500;

/** Where the imported data shows, and which cached lists an import makes stale. */
const TARGETS: Record<string, { path: string; label: MessageKey; keys: QueryKey[] }> = {
  students: {
    path: '/students',
    label: 'menu.students',
    keys: [queryKeys.students, queryKeys.studentGroups],
  },
  staff: { path: '/staff', label: 'menu.staff', keys: [queryKeys.staff] },
  dorm_assignments: { path: '/students', label: 'menu.students', keys: [queryKeys.students] },
  rooms: { path: '/places', label: 'menu.places', keys: [queryKeys.places, queryKeys.map] },
  equipment: { path: '/equipment', label: 'menu.equipment', keys: [queryKeys.equipment, queryKeys.map] },
  grid_members: { path: '/grids', label: 'menu.grids', keys: [queryKeys.grids, queryKeys.coverage] },
};

function jobKey(id: string | undefined): QueryKey {
  return [...queryKeys.imports, 'job', id];
}

/** One import, polled every 500 ms while it is queued or running. */
function useImportJob(id: string | undefined) {
  return useQuery({
    queryKey: jobKey(id),
    queryFn: () => getImport(id!),
    enabled: !!id,
    refetchInterval: (q) => {
      const job = q.state.data;
      if (job && isFinished(job)) return false;
      return q.state.error ? 2000 : POLL_MS;
    },
  });
}

function fileIsXlsx(file: File): boolean {
  return /\.xlsx$/i.test(file.name);
}

export function ImportsPage() {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [schoolId, setSchoolId, schools] = useSchool();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind') ?? undefined;
  const checkId = params.get('check') ?? undefined;
  const applyId = params.get('apply') ?? undefined;
  const [picked, setPicked] = useState<string | undefined>(kindParam);
  const [downloading, setDownloading] = useState(false);

  const kinds = useQuery({
    queryKey: [...queryKeys.imports, 'kinds'],
    queryFn: listImportKinds,
    staleTime: Infinity,
  });
  const kindList = kinds.data ?? [];
  const kind = kindList.find((k) => k.kind === kindParam);
  const pickedKind = kindList.find((k) => k.kind === picked);
  const check = useImportJob(checkId);
  const applied = useImportJob(applyId);
  const kindTitle = (k: ImportKind | undefined) => (k ? (lang === 'en-US' ? k.title.en : k.title.zh) : '');
  const text = (v: { zh: string; en: string }) => (lang === 'en-US' ? v.en : v.zh);

  const step = applyId ? 3 : checkId && check.data && isFinished(check.data) ? 2 : kindParam ? 1 : 0;

  // When an import has written rows, the lists showing them are stale.
  const appliedStatus = applied.data?.status;
  const appliedKind = applied.data?.kind;
  useEffect(() => {
    if (appliedStatus !== 'done' || !appliedKind) return;
    for (const key of TARGETS[appliedKind]?.keys ?? []) void queryClient.invalidateQueries({ queryKey: key });
  }, [appliedStatus, appliedKind, queryClient]);

  const refreshHistory = () =>
    void queryClient.invalidateQueries({ queryKey: [...queryKeys.imports, 'list'] });

  // A check or an import that ends changes the last lines of the history.
  const checkFinished = !!check.data && isFinished(check.data);
  const applyFinished = !!applied.data && isFinished(applied.data);
  useEffect(() => {
    if (checkFinished || applyFinished)
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.imports, 'list'] });
  }, [checkFinished, applyFinished, queryClient]);

  const upload = useMutation({
    mutationFn: (file: File) => startImport(kindParam!, schoolId!, file),
    onSuccess: (job: ImportJob) => {
      queryClient.setQueryData(jobKey(job.id), job);
      setParams({ kind: job.kind, check: job.id });
      refreshHistory();
    },
  });

  const apply = useMutation({
    mutationFn: (dryRunId: string) => applyImport(dryRunId),
    onSuccess: (job) => {
      queryClient.setQueryData(jobKey(job.id), job);
      setParams({ kind: job.kind, check: job.dryRunId ?? '', apply: job.id });
      refreshHistory();
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });

  const restart = (keepKind: boolean) => {
    upload.reset();
    apply.reset();
    setParams(keepKind && kindParam ? { kind: kindParam } : {});
    if (!keepKind) setPicked(undefined);
  };

  const template = async (k: string) => {
    setDownloading(true);
    try {
      await downloadTemplate(k);
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setDownloading(false);
    }
  };

  const confirmApply = (job: ImportJob) => {
    const s = job.summary!;
    modal.confirm({
      title: t('imports.confirmTitle'),
      content:
        s.invalid > 0
          ? t('imports.confirmSkip', { create: s.create, update: s.update, invalid: s.invalid })
          : t('imports.confirmBody', { create: s.create, update: s.update }),
      okText: t('imports.confirmOk'),
      cancelText: t('common.cancel'),
      onOk: () => apply.mutateAsync(job.id).catch(() => undefined),
    });
  };

  const openHistory = (item: ImportHistoryItem) => {
    upload.reset();
    apply.reset();
    setPicked(item.kind);
    if (item.mode === 'apply') setParams({ kind: item.kind, check: item.dryRunId ?? '', apply: item.id });
    else setParams({ kind: item.kind, check: item.id });
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  const templateButton = (k: string) => (
    <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => void template(k)}>
      {t('imports.downloadTemplate')}
    </Button>
  );

  // ---- step 1: the kind of data ---------------------------------------------------------------
  const chooseKind = (
    <Flex vertical gap={16}>
      {kinds.isLoading ? (
        <Skeleton active />
      ) : kinds.error ? (
        <Alert type="error" showIcon title={errorMessage(kinds.error, t)} />
      ) : kindList.length === 0 ? (
        <Empty description={t('imports.noKinds')} />
      ) : (
        <KindCards kinds={kindList} value={picked} onChange={setPicked} />
      )}
      {pickedKind && (
        <>
          <Typography.Text strong>{t('imports.columnsOf', { kind: kindTitle(pickedKind) })}</Typography.Text>
          <Typography.Text type="secondary">{t('imports.columnsHint')}</Typography.Text>
          <ColumnsTable kind={pickedKind} />
          <Flex gap={8} justify="flex-end" wrap>
            {templateButton(pickedKind.kind)}
            <Button type="primary" disabled={!schoolId} onClick={() => setParams({ kind: pickedKind.kind })}>
              {t('imports.next')}
            </Button>
          </Flex>
        </>
      )}
    </Flex>
  );

  // ---- step 2: upload, then the check's progress ---------------------------------------------
  const uploadAndCheck = (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space>
          <Typography.Text>{t('imports.kindChosen')}</Typography.Text>
          <Tag color="blue">{kindTitle(kind) || kindParam}</Tag>
          {!checkId && (
            <Button type="link" size="small" onClick={() => restart(false)}>
              {t('imports.changeKind')}
            </Button>
          )}
        </Space>
        {kindParam && !checkId && templateButton(kindParam)}
      </Flex>
      {!checkId ? (
        <>
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={upload.isPending || !schoolId}
            beforeUpload={(file) => {
              if (!fileIsXlsx(file)) {
                void message.error(t('imports.onlyXlsx'));
                return Upload.LIST_IGNORE;
              }
              upload.mutate(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">
              {upload.isPending ? t('imports.uploading') : t('imports.dropHere')}
            </p>
            <p className="ant-upload-hint">{t('imports.uploadHint')}</p>
          </Upload.Dragger>
          {upload.error && <Alert type="error" showIcon title={errorMessage(upload.error, t)} />}
        </>
      ) : check.data ? (
        <JobProgress job={check.data} />
      ) : check.error ? (
        <Alert type="error" showIcon title={errorMessage(check.error, t)} />
      ) : (
        <Skeleton active paragraph={{ rows: 1 }} />
      )}
    </Flex>
  );

  // ---- step 3: what the check found ------------------------------------------------------------
  const checkJob = check.data;
  const checkResult = checkJob && (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">
        {t('imports.checkedFile', { file: checkJob.fileName, kind: kindTitle(kind) })}
      </Typography.Text>
      {checkJob.status === 'failed' ? (
        <Alert
          type="error"
          showIcon
          title={t('imports.checkFailed')}
          description={checkJob.failure ? text(checkJob.failure) : undefined}
        />
      ) : (
        checkJob.summary && (
          <>
            <Typography.Text>{t('imports.rowsRead', { rows: checkJob.summary.rows })}</Typography.Text>
            {!!checkJob.summary.skipped && (
              <Typography.Text type="secondary" data-testid="import-example-skipped">
                {t('imports.exampleSkipped', { n: checkJob.summary.skipped })}
              </Typography.Text>
            )}
            <SummaryCards summary={checkJob.summary} />
            <ProblemsTable job={checkJob} />
          </>
        )
      )}
      <Alert
        type="info"
        showIcon
        icon={<SafetyOutlined />}
        title={checkJob.status === 'failed' ? t('imports.notYetFailed') : t('imports.notYet')}
      />
      <Flex justify="flex-end" gap={8} wrap>
        <Button onClick={() => restart(true)}>{t('imports.uploadAgain')}</Button>
        {checkJob.status === 'done' &&
          checkJob.summary &&
          (() => {
            const n = importableRows(checkJob.summary);
            return (
              <Button
                type="primary"
                data-testid="import-apply"
                disabled={n === 0}
                loading={apply.isPending}
                onClick={() => confirmApply(checkJob)}
              >
                {checkJob.summary.invalid > 0
                  ? t('imports.applySkip', { n, invalid: checkJob.summary.invalid })
                  : t('imports.apply', { n })}
              </Button>
            );
          })()}
      </Flex>
      {checkJob.summary && importableRows(checkJob.summary) === 0 && checkJob.status === 'done' && (
        <Typography.Text type="secondary" className={styles.right}>
          {t('imports.nothingToApply')}
        </Typography.Text>
      )}
    </Flex>
  );

  // ---- step 4: the import itself -----------------------------------------------------------------
  const appliedJob = applied.data;
  const target = appliedJob ? TARGETS[appliedJob.kind] : undefined;
  const importing = !appliedJob ? (
    applied.error ? (
      <Alert type="error" showIcon title={errorMessage(applied.error, t)} />
    ) : (
      <Skeleton active paragraph={{ rows: 1 }} />
    )
  ) : !isFinished(appliedJob) ? (
    <JobProgress job={appliedJob} />
  ) : appliedJob.status === 'done' && appliedJob.summary ? (
    <Result
      status="success"
      data-testid="import-result"
      title={
        appliedJob.summary.invalid > 0
          ? t('imports.doneSkip', {
              create: appliedJob.summary.create,
              update: appliedJob.summary.update,
              unchanged: appliedJob.summary.unchanged,
              invalid: appliedJob.summary.invalid,
            })
          : t('imports.done', {
              create: appliedJob.summary.create,
              update: appliedJob.summary.update,
              unchanged: appliedJob.summary.unchanged,
            })
      }
      subTitle={t('imports.doneFile', {
        file: appliedJob.fileName,
        at: formatDateTime(appliedJob.finishedAt),
      })}
      extra={[
        target && (
          <Link key="view" to={target.path}>
            <Button type="primary">{t('imports.viewData', { what: t(target.label) })}</Button>
          </Link>
        ),
        <Button key="again" onClick={() => restart(false)}>
          {t('imports.another')}
        </Button>,
      ]}
    />
  ) : (
    <Result
      status="error"
      title={t('imports.applyFailed')}
      subTitle={appliedJob.failure ? text(appliedJob.failure) : undefined}
      extra={[
        checkId && (
          <Button key="retry" type="primary" loading={apply.isPending} onClick={() => apply.mutate(checkId)}>
            {t('imports.retryApply')}
          </Button>
        ),
        <Button key="again" onClick={() => restart(false)}>
          {t('imports.another')}
        </Button>,
      ]}
    />
  );

  const failedStep =
    (step === 2 && checkJob?.status === 'failed') || (step === 3 && appliedJob?.status === 'failed');

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex justify="space-between" align="center" wrap gap={8} className={styles.head}>
          <Typography.Title level={4} className={styles.noMargin}>
            {t('imports.title')}
          </Typography.Title>
          <SchoolSelect
            value={schoolId}
            schools={schools}
            onChange={(id) => {
              setSchoolId(id);
              restart(false);
            }}
          />
        </Flex>
        <Alert
          type="info"
          showIcon
          icon={<SafetyOutlined />}
          className={styles.gap}
          title={t('imports.safeTitle')}
          description={t('imports.safeBody')}
        />
        <Steps
          className={styles.steps}
          current={step}
          status={failedStep ? 'error' : step === 3 && appliedJob?.status === 'done' ? 'finish' : 'process'}
          items={[
            { title: t('imports.step.kind') },
            { title: t('imports.step.check') },
            { title: t('imports.step.result') },
            { title: t('imports.step.apply') },
          ]}
        />
        <div className={styles.stepBody}>
          {step === 0 && chooseKind}
          {step === 1 && uploadAndCheck}
          {step === 2 && checkResult}
          {step === 3 && importing}
        </div>
      </Card>

      <ImportHistory schoolId={schoolId} kinds={kindList} onOpen={openHistory} />
    </Flex>
  );
}
