import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Select } from 'antd';
import { ROLES } from '../../api/types';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { useT } from '../../i18n/I18nProvider';
import { useCurrentUser } from '../../session/CurrentUser';
import styles from './users.module.css';

/** Edits a list of {orgId, role} under `name` of the surrounding form. */
export function RoleAssignmentsField({ name }: { name: string }) {
  const t = useT();
  const { assignableRoles } = useCurrentUser();
  // Only roles the signed-in user may grant are offered; one already held is still named.
  const roleOptions = assignableRoles.map((role) => ({ value: role, label: t(`role.${role}`) }));
  const roleLabel = ({ value }: { value: unknown }) => {
    const role = ROLES.find((r) => r === value);
    return role ? t(`role.${role}`) : String(value);
  };
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Flex vertical gap={8}>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="flex-start">
              <Form.Item
                name={[field.name, 'orgId']}
                rules={[{ required: true, message: t('users.roleOrgRequired') }]}
                className={styles.roleOrg}
              >
                <OrgTreeSelect placeholder={t('users.roleOrg')} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'role']}
                rules={[{ required: true, message: t('users.roleRequired') }]}
                className={styles.roleName}
              >
                <Select options={roleOptions} labelRender={roleLabel} placeholder={t('users.role')} />
              </Form.Item>
              <Button
                type="text"
                icon={<MinusCircleOutlined />}
                aria-label={t('users.removeRole')}
                onClick={() => remove(field.name)}
              />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block>
            {t('users.addRole')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
