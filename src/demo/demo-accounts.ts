import { Role } from '../common/role';

/**
 * Demo accounts, one per role, created only when DEMO_DATA is on (the embedded default).
 * Their passwords are public: never enable demo data on a server reachable by others.
 */
export const DEMO_ACCOUNTS = [
  {
    role: Role.Admin,
    email: 'admin@demo.iris.la',
    name: 'Demo Administrator',
    password: 'demo-admin-password',
  },
  {
    role: Role.Ministry,
    email: 'ministry@demo.iris.la',
    name: 'Demo MoLSW Official',
    password: 'demo-ministry-password',
  },
  {
    role: Role.Iom,
    email: 'iom@demo.iris.la',
    name: 'Demo IOM Programme Officer',
    password: 'demo-iom-password',
  },
  {
    role: Role.Trainer,
    email: 'trainer@demo.iris.la',
    name: 'Demo IRIS Trainer',
    password: 'demo-trainer-password',
  },
  {
    role: Role.Auditor,
    email: 'auditor@demo.iris.la',
    name: 'Demo IRIS Auditor',
    password: 'demo-auditor-password',
  },
] as const;
