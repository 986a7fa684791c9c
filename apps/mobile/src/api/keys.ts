export const queryKeys = {
  me: ['me'],
  demoAccounts: ['demo-accounts'],
} as const;
