import { Form, Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useOrgs } from '../../api/orgs';
import { GridSelect } from '../../components/GridSelect';
import { useSchool } from '../../components/SchoolSelect';
import { useT } from '../../i18n/I18nProvider';
import { buildOrgForest, type OrgNode } from '../../lib/orgTree';
import { ROLES } from './labels';

interface Option {
  value: string;
  title: string;
  children: Option[];
}
const toOptions = (nodes: OrgNode[]): Option[] =>
  nodes.map(({ org, children }) => ({ value: org.id, title: org.name, children: toOptions(children) }));

/** Several organisations of the tree the user sees (the whole school, colleges, the district's schools). */
function OrgsSelect(props: { id?: string; value?: string[]; onChange?: (v: string[]) => void }) {
  const { data: orgs = [], isLoading } = useOrgs();
  const treeData = useMemo(() => toOptions(buildOrgForest(orgs)), [orgs]);
  return (
    <TreeSelect<string[]>
      {...props}
      data-testid="warning-audience-orgs"
      multiple
      treeData={treeData}
      loading={isLoading}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      allowClear
    />
  );
}

/** 预警对象: organisations, grids (with the searching grid picker) and, optionally, roles. */
export function AudienceFields() {
  const t = useT();
  const [schoolId] = useSchool();
  return (
    <>
      <Form.Item name={['audience', 'orgIds']} label={t('warnings.form.audienceOrgs')}>
        <OrgsSelect />
      </Form.Item>
      <Form.Item name={['audience', 'gridIds']} label={t('warnings.form.audienceGrids')}>
        <GridSelect<string[]> schoolId={schoolId} multiple allowClear />
      </Form.Item>
      <Form.Item name={['audience', 'roles']} label={t('warnings.form.audienceRoles')}>
        <Select
          mode="multiple"
          allowClear
          options={ROLES.map((r) => ({ value: r, label: t(`warnings.role.${r}`) }))}
        />
      </Form.Item>
    </>
  );
}
