export const queryKeys = {
  me: ['me'],
  demoAccounts: ['demo-accounts'],
  incident: (id: string) => ['incident', id] as const,
} as const;
