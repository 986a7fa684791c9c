import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { fetchDemoAccounts, login, reconcileLang } from '@anxiao/web-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Table, Typography, type TableColumnsType } from 'antd';
import { queryKeys } from '../../api/keys';
import type { DemoAccount } from '../../api/types';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import styles from './LoginPage.module.css';

interface LoginValues {
  username: string;
  password: string;
}

/** Sign-in; the route around it moves on once the session query holds a user. */
export function LoginPage() {
  const { t, setLang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LoginValues>();

  const demo = useQuery({
    queryKey: queryKeys.demoAccounts,
    queryFn: fetchDemoAccounts,
    staleTime: Infinity,
  });
  const signIn = useMutation({
    mutationFn: ({ username, password }: LoginValues) => login(username, password),
    onSuccess: (user) => {
      reconcileLang(user, setLang).catch((err: unknown) => void message.error(errorMessage(err, t)));
      queryClient.setQueryData(queryKeys.me, user);
    },
  });

  const columns: TableColumnsType<DemoAccount> = [
    { title: t('login.demo.username'), dataIndex: 'username' },
    { title: t('login.demo.password'), dataIndex: 'password' },
    { title: t('login.demo.role'), dataIndex: 'role', render: (_, a) => t(`role.${a.role}`) },
    { title: t('login.demo.name'), dataIndex: 'displayName' },
    { title: t('login.demo.org'), dataIndex: 'orgName' },
  ];

  return (
    <div className={styles.page}>
      <div className={styles.lang}>
        <LanguageSwitch />
      </div>
      <Flex vertical align="center" gap={24} className={styles.column}>
        <Flex vertical align="center" gap={4}>
          <SafetyCertificateOutlined className={styles.logo} />
          <Typography.Title level={3} className={styles.title}>
            {t('app.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </Flex>

        <Card className={styles.card} title={t('login.heading')}>
          <Form<LoginValues>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={(values) => signIn.mutate(values)}
            onValuesChange={() => signIn.reset()}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            {signIn.error && (
              <Alert type="error" showIcon title={errorMessage(signIn.error, t)} className={styles.error} />
            )}
            <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>
              {t('login.submit')}
            </Button>
          </Form>
        </Card>

        {demo.data && (
          <Card className={styles.demo} title={t('login.demo.title')} size="small">
            <Typography.Paragraph type="secondary">{t('login.demo.hint')}</Typography.Paragraph>
            <Table<DemoAccount>
              rowKey="username"
              size="small"
              pagination={false}
              columns={columns}
              dataSource={demo.data}
              onRow={(account) => ({
                className: styles.demoRow,
                onClick: () => {
                  form.setFieldsValue({ username: account.username, password: account.password });
                  signIn.reset();
                },
              })}
            />
          </Card>
        )}
      </Flex>
    </div>
  );
}
