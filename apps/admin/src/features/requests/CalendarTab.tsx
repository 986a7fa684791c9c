import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { queryKeys } from '../../api/keys';
import shared from '../../components/page.module.css';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { getSettings, saveSettings } from './api';
import styles from './requests.module.css';
import type { RequestSettings, Weights, WorkCalendar } from './types';

const DATE = 'YYYY-MM-DD';
const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
/** Monday first, as a Chinese week is read; 0 is Sunday as the server counts. */
const WEEK = ['1', '2', '3', '4', '5', '6', '0'] as const;
type Day = (typeof WEEK)[number];
type Interval = { start: string; end: string };

interface Values {
  weekly: Record<Day, Interval[]>;
  holidays: Dayjs[];
  workdays: Dayjs[];
  weights: Weights;
}

function toValues(s: RequestSettings): Values {
  const weekly = Object.fromEntries(WEEK.map((d) => [d, s.calendar.weekly[d] ?? []])) as Record<
    Day,
    Interval[]
  >;
  return {
    weekly,
    holidays: s.calendar.holidays.map((d) => dayjs(d)),
    workdays: s.calendar.workdays.map((d) => dayjs(d)),
    weights: s.weights,
  };
}

const dates = (list: Dayjs[] | undefined) => [...new Set((list ?? []).map((d) => d.format(DATE)))].sort();

/** The working hours of one weekday: intervals start–end (HH:mm; 24:00 ends the day). */
function DayHours({ day }: { day: Day }) {
  const t = useT();
  return (
    <Form.List name={['weekly', day]}>
      {(fields, { add, remove }) => (
        <Flex wrap gap={8} align="center" className={styles.dayRow} data-testid={`weekday-${day}`}>
          <Typography.Text strong className={styles.dayName}>
            {t(`requests.weekday.${day}`)}
          </Typography.Text>
          {fields.length === 0 && (
            <Typography.Text type="secondary">{t('requests.calendar.dayOff')}</Typography.Text>
          )}
          {fields.map((f) => (
            <Space.Compact key={f.key}>
              <Form.Item name={[f.name, 'start']} noStyle rules={[{ required: true, pattern: TIME }]}>
                <Input style={{ width: 72 }} placeholder="08:00" aria-label={t('requests.calendar.start')} />
              </Form.Item>
              <Input disabled value="–" style={{ width: 28, textAlign: 'center', pointerEvents: 'none' }} />
              <Form.Item name={[f.name, 'end']} noStyle rules={[{ required: true, pattern: TIME }]}>
                <Input style={{ width: 72 }} placeholder="12:00" aria-label={t('requests.calendar.end')} />
              </Form.Item>
              <Button
                icon={<DeleteOutlined />}
                aria-label={t('requests.calendar.remove')}
                onClick={() => remove(f.name)}
              />
            </Space.Compact>
          ))}
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ start: '', end: '' })}
          >
            {t('requests.calendar.add')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

/**
 * The school's working calendar (weekly hours, holidays, make-up working days: deadlines in working
 * time follow it) and the weights of the composite score.
 */
export function CalendarTab({ schoolId }: { schoolId: string }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const settings = useQuery({
    queryKey: [...queryKeys.requestCatalogue, 'settings', schoolId],
    queryFn: () => getSettings(schoolId),
  });
  const save = useMutation({
    mutationFn: (v: Values) => {
      const current = settings.data!.calendar;
      const weekly = Object.fromEntries(
        WEEK.map((d) => [d, (v.weekly[d] ?? []).map((i) => ({ start: i.start.trim(), end: i.end.trim() }))]),
      ) as WorkCalendar['weekly'];
      const calendar: WorkCalendar = {
        weekly,
        holidays: dates(v.holidays),
        workdays: dates(v.workdays),
        ...(current.workdayHours ? { workdayHours: current.workdayHours } : {}),
      };
      return saveSettings(schoolId, { calendar, weights: v.weights });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData([...queryKeys.requestCatalogue, 'settings', schoolId], saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.requests });
      void message.success(t('common.saved'));
    },
  });

  if (settings.error) return <Alert type="error" showIcon title={errorMessage(settings.error, t)} />;
  if (!settings.data) return <Skeleton active />;

  return (
    <Form<Values>
      key={schoolId}
      form={form}
      layout="vertical"
      initialValues={toValues(settings.data)}
      onFinish={(v) => save.mutate(v)}
      onValuesChange={() => save.reset()}
      data-testid="calendar-form"
    >
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('requests.calendar.weekly')} className={shared.section}>
            <Typography.Paragraph type="secondary">{t('requests.calendar.weeklyHint')}</Typography.Paragraph>
            {WEEK.map((d) => (
              <DayHours key={d} day={d} />
            ))}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('requests.calendar.days')} className={shared.section}>
            <Form.Item
              name="holidays"
              label={t('requests.calendar.holidays')}
              extra={t('requests.calendar.holidaysHint')}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value: Dayjs[] | undefined) => {
                    const work = new Set(dates(getFieldValue('workdays') as Dayjs[] | undefined));
                    const both = dates(value).filter((d) => work.has(d));
                    return both.length
                      ? Promise.reject(
                          new Error(
                            t('requests.calendar.both', { dates: both.join(t('common.listSeparator')) }),
                          ),
                        )
                      : Promise.resolve();
                  },
                }),
              ]}
              dependencies={['workdays']}
            >
              <DatePicker
                multiple
                maxTagCount="responsive"
                style={{ width: '100%' }}
                data-testid="calendar-holidays"
              />
            </Form.Item>
            <Form.Item
              name="workdays"
              label={t('requests.calendar.workdays')}
              extra={t('requests.calendar.workdaysHint')}
            >
              <DatePicker
                multiple
                maxTagCount="responsive"
                style={{ width: '100%' }}
                data-testid="calendar-workdays"
              />
            </Form.Item>
          </Card>
          <Card size="small" title={t('requests.calendar.weights')} className={shared.section}>
            <Typography.Paragraph type="secondary">{t('requests.calendar.weightsHint')}</Typography.Paragraph>
            <Flex wrap gap={12}>
              {(['response', 'resolution', 'satisfaction'] as const).map((k) => (
                <Form.Item
                  key={k}
                  name={['weights', k]}
                  label={t(`requests.rates.${k}`)}
                  rules={[{ required: true }]}
                >
                  <InputNumber<number> min={0} max={100} precision={0} style={{ width: 110 }} />
                </Form.Item>
              ))}
            </Flex>
          </Card>
        </Col>
      </Row>
      {!!save.error && (
        <Alert type="error" showIcon title={errorMessage(save.error, t)} className={shared.section} />
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="calendar-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}
