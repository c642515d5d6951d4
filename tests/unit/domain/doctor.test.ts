import { describe, expect, it } from 'vitest';
import { type DoctorItem, formatDoctorItems, worstStatus } from '../../../lambdas/domain/doctor.ts';

const item = (status: DoctorItem['status']): DoctorItem => ({
  check: status,
  status,
  title: 'T',
  detail: 'd',
});

describe('Rule: doctor status', () => {
  it('takes the worst status: fail over warn over pass, pass for none', () => {
    expect(worstStatus([item('pass'), item('warn'), item('fail')])).toBe('fail');
    expect(worstStatus([item('pass'), item('warn')])).toBe('warn');
    expect(worstStatus([item('pass')])).toBe('pass');
    expect(worstStatus([])).toBe('pass');
  });

  it('prints one line per item, its status first', () => {
    expect(formatDoctorItems([item('warn'), item('pass')])).toEqual(['WARN  T: d', 'PASS  T: d']);
  });
});
