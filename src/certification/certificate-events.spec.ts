import { CertificationStage as Stage } from '../common/certification-stage';
import { certificateEventFor } from './certificate-events';
import { TRANSITIONS } from './stages';

describe('the certificate follows its case', () => {
  it.each([
    [Stage.Audit, Stage.Certified, 'issued'],
    [Stage.CorrectiveAction, Stage.Certified, 'issued'],
    [Stage.Suspended, Stage.Certified, 'reinstated'],
    [Stage.Certified, Stage.Suspended, 'suspended'],
    [Stage.Certified, Stage.Withdrawn, 'withdrawn'],
    [Stage.Suspended, Stage.Withdrawn, 'withdrawn'],
    [Stage.Certified, Stage.Expired, 'expired'],
    [Stage.Certified, Stage.Closed, 'superseded'],
    [Stage.Suspended, Stage.Closed, 'superseded'],
  ])('%s → %s: the certificate is %s', (from, to, event) => {
    expect(certificateEventFor(from, to)).toBe(event);
  });

  it('leaves the certificate alone for every move before certification', () => {
    const before = [Stage.CapacityBuilding, Stage.Applied, Stage.Audit, Stage.CorrectiveAction];
    for (const from of before) {
      for (const to of TRANSITIONS[from].filter((s) => s !== Stage.Certified)) {
        expect({ from, to, event: certificateEventFor(from, to) }).toEqual({ from, to, event: null });
      }
    }
  });
});
