import { FileExcelOutlined, FilePdfOutlined, SendOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Flex, Row, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { queryKeys } from '../../api/keys';
import { isRiskDomain } from '../../api/types';
import { ListToolbar } from '../../components/ListToolbar';
import shared from '../../components/page.module.css';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { chinaDate } from '../../lib/deadline';
import { formatDateTime } from '../../lib/format';
import { getMonthly, monthlyPdfUrl, monthlyXlsxUrl, sendMonthly } from './api';
import styles from './hazards.module.css';
import { useHazardRights } from './hooks';
import { Figures } from './MonthlyFigures';
import { MonthlyLists } from './MonthlyLists';
import { SentReports, SettingsCard } from './MonthlySide';
import { isOrigin } from './types';

const MonthlyCharts = lazy(() => import('./MonthlyCharts'));

const MONTH = 'YYYY-MM';

/** The school and month in the address (?schoolId=…&month=2026-11, where notifications link). */
function useMonth() {
  const [params, setParams] = useSearchParams();
  const [pageSchool, setPageSchool, schools] = useSchool();
  const asked = params.get('schoolId');
  const schoolId = schools.find((s) => s.id === asked)?.id ?? pageSchool;
  const m = params.get('month');
  const month = m && /^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? m : chinaDate(Date.now()).slice(0, 7);
  const set = (patch: { schoolId?: string; month?: string }) =>
    setParams(
      () => {
        // the address as it is now (the router's copy may miss a change made since its render)
        const next = new URLSearchParams(window.location.search);
        for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v);
        return next;
      },
      { replace: true },
    );
  const setSchool = (id: string) => {
    setPageSchool(id);
    set({ schoolId: id });
  };
  return { schoolId, month, schools, setSchool, setMonth: (v: string) => set({ month: v }), set };
}

/**
 * 隐患排查整改月报 of a school (/hazard-reports?schoolId=…&month=…, where the report's notification
 * links): the month's figures, charts by domain and grade, by origin and by day, the overdue and
 * repeat hazards, the PDF and Excel, and sending it to the supervising authorities (with what was
 * sent before). A supervisor also sees every report received; the school's rectification days
 * per grade sit beside.
 */
export function MonthlyPage() {
  const t = useT();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const rights = useHazardRights();
  const { schoolId, month, schools, setSchool, setMonth, set } = useMonth();
  const query = { schoolId: schoolId ?? '', month };
  const key = [...queryKeys.hazards, 'monthly', schoolId, month] as const;
  const monthly = useQuery({
    queryKey: key,
    queryFn: () => getMonthly(query),
    enabled: Boolean(schoolId),
    placeholderData: keepPreviousData,
  });
  const send = useMutation({
    mutationFn: () => sendMonthly(query),
    onSuccess: (m) => {
      queryClient.setQueryData(key, m);
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.hazards, 'reports'] });
      void message.success(t('hazards.monthly.sentDone'));
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });
  const m = monthly.data;

  const names = useMemo(
    () => ({
      grade: {
        general: t('hazards.grade.general'),
        serious: t('hazards.grade.serious'),
        major: t('hazards.grade.major'),
      },
      found: t('hazards.monthly.found'),
      closed: t('hazards.monthly.closed'),
      byDomain: t('hazards.monthly.byDomain'),
      byOrigin: t('hazards.monthly.byOrigin'),
      byDay: t('hazards.monthly.byDay'),
    }),
    [t],
  );
  // The server names domains and origins in Chinese; the console uses its own words for the codes it knows.
  const byDomain = useMemo(
    () =>
      (m?.byDomain ?? []).map((d) => ({
        ...d,
        name: isRiskDomain(d.key) ? t(`riskDomain.${d.key}`) : d.label,
      })),
    [m, t],
  );
  const byOrigin = useMemo(
    () =>
      (m?.byOrigin ?? []).map((o) => ({
        ...o,
        name: isOrigin(o.key) ? t(`hazards.origin.${o.key}`) : o.label,
      })),
    [m, t],
  );

  const confirmSend = () =>
    void modal.confirm({
      title: t('hazards.monthly.sendTitle', { month }),
      content: m?.sent.length
        ? t('hazards.monthly.sendAgain', { count: m.sent.length })
        : t('hazards.monthly.sendHint'),
      okText: t('hazards.monthly.send'),
      cancelText: t('common.cancel'),
      okButtonProps: { ...{ 'data-testid': 'monthly-send-confirm' } },
      onOk: () => send.mutateAsync().catch(() => undefined),
    });

  const last = m?.sent.at(-1);

  return (
    <Flex vertical gap={16} data-testid="monthly-page">
      <Card>
        <ListToolbar
          actions={
            schoolId && (
              <>
                <Button
                  icon={<FilePdfOutlined />}
                  href={monthlyPdfUrl(query)}
                  target="_blank"
                  rel="noopener"
                  data-testid="monthly-pdf"
                >
                  {t('hazards.monthly.pdf')}
                </Button>
                <Button icon={<FileExcelOutlined />} href={monthlyXlsxUrl(query)} data-testid="monthly-xlsx">
                  {t('hazards.monthly.xlsx')}
                </Button>
                {rights.verify && (
                  <Button
                    type="primary"
                    icon={<SendOutlined />}
                    loading={send.isPending}
                    onClick={confirmSend}
                    data-testid="monthly-send"
                  >
                    {t('hazards.monthly.send')}
                  </Button>
                )}
              </>
            )
          }
        >
          <SchoolSelect value={schoolId} onChange={setSchool} schools={schools} />
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            onChange={(d) => d && setMonth(d.format(MONTH))}
            aria-label={t('hazards.monthly.month')}
            data-testid="monthly-month"
          />
          {m && (
            <Typography.Text type="secondary" className={shared.flat}>
              {t('hazards.monthly.heading', { school: m.schoolName, month: m.month })}
            </Typography.Text>
          )}
        </ListToolbar>
        {last && (
          <Alert
            type="success"
            showIcon
            data-testid="monthly-sent"
            title={t('hazards.monthly.sentLine', {
              time: formatDateTime(last.sentAt),
              name: last.sentByName,
              to: last.to.join(t('common.listSeparator')),
            })}
            description={
              m &&
              m.sent.length > 1 && (
                <ul className={styles.sent}>
                  {m.sent.slice(0, -1).map((s) => (
                    <li key={s.id}>
                      {t('hazards.monthly.sentLine', {
                        time: formatDateTime(s.sentAt),
                        name: s.sentByName,
                        to: s.to.join(t('common.listSeparator')),
                      })}
                    </li>
                  ))}
                </ul>
              )
            }
            style={{ marginBottom: 16 }}
          />
        )}
        {!schoolId && <Empty description={t('hazards.monthly.noSchool')} />}
        {!!monthly.error && <Alert type="error" showIcon title={errorMessage(monthly.error, t)} />}
        {monthly.isPending && schoolId ? <Spin /> : m && <Figures monthly={m} />}
      </Card>
      {m && (
        <Suspense
          fallback={
            <div className={styles.chartLoading}>
              <Spin />
            </div>
          }
        >
          <MonthlyCharts byDomain={byDomain} byOrigin={byOrigin} byDay={m.byDay} names={names} />
        </Suspense>
      )}
      {m && <MonthlyLists monthly={m} />}
      <Row gutter={[16, 16]}>
        {schoolId && (
          <Col xs={24} xl={8}>
            <SettingsCard key={schoolId} schoolId={schoolId} />
          </Col>
        )}
        <Col xs={24} xl={schoolId ? 16 : 24}>
          <SentReports
            schoolId={schoolId}
            received={!rights.verify}
            onOpen={(r) => {
              setSchool(r.schoolId);
              set({ schoolId: r.schoolId, month: r.month });
            }}
          />
        </Col>
      </Row>
    </Flex>
  );
}
