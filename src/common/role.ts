/** The roles of user accounts (docs/roles.md). */
export enum Role {
  Admin = 'admin',
  Ministry = 'ministry',
  Iom = 'iom',
  Trainer = 'trainer',
  Auditor = 'auditor',
}
