import { Flex, Layout } from 'antd';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ChangePasswordModal } from './ChangePasswordModal';

/**
 * What an account sees while it must choose a new password: the server refuses everything else
 * (auth.password_change_required), so no page, alarm watch or live connection is started until
 * the change refreshes the session.
 */
export function ForcedPasswordChange() {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: 'transparent' }}>
        <Flex justify="flex-end" align="center" style={{ height: '100%' }}>
          <LanguageSwitch />
        </Flex>
      </Layout.Header>
      <ChangePasswordModal forced onClose={() => undefined} />
    </Layout>
  );
}
