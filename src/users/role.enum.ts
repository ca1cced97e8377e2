/** SPEC §People and roles. */
export enum Role {
  Admin = 'admin',
  Ministry = 'ministry',
  Iom = 'iom',
  Trainer = 'trainer',
  Auditor = 'auditor',
}
