import { Flex } from 'antd';
import type { ReactNode } from 'react';
import styles from './ListToolbar.module.css';

interface ListToolbarProps {
  /** the filters, on the left */
  children: ReactNode;
  /** the buttons on the right (export, create) */
  actions?: ReactNode;
  /** a new key (another school) starts the filters again, empty */
  resetKey?: string;
}

/** The bar above a list: its filters, and its actions on the other side. */
export function ListToolbar({ children, actions, resetKey }: ListToolbarProps) {
  return (
    <Flex wrap gap={8} justify="space-between" className={styles.toolbar}>
      <Flex wrap gap={8} key={resetKey}>
        {children}
      </Flex>
      {actions && (
        <Flex wrap gap={8}>
          {actions}
        </Flex>
      )}
    </Flex>
  );
}
