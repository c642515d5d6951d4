import { describe, expect, it } from 'vitest';
import { lineChart, niceTicks } from '../../../../lambdas/domain/report/svg-chart.ts';

describe('Domain: report charts', () => {
  it('picks round ticks from zero past the maximum', () => {
    // 0.2331 / 4 = 0.058 -> step 0.1 (1, 2, 2.5, 5 x a power of ten): 0, 0.1, 0.2, 0.3
    expect(niceTicks(0.2331)).toEqual([0, 0.1, 0.2, 0.3]);
    // 0.0611 / 4 = 0.0153 -> step 0.02
    expect(niceTicks(0.0611)).toEqual([0, 0.02, 0.04, 0.06, 0.08]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('draws hollow markers and a dashed segment into provisional points, and breaks at gaps', () => {
    const svg = lineChart({
      label: 'cost per success <test>',
      formatTick: (value) => value.toFixed(1),
      points: [
        { label: 'W20', value: 1, provisional: false, title: 'a' },
        { label: 'W21', value: 2, provisional: false, title: 'b' },
        { label: 'W22', value: 1.5, provisional: true, title: 'c' },
        { label: 'W23', value: null, provisional: true, title: 'd' },
      ],
    }).text;

    expect(svg.match(/<line class="series"/g)).toHaveLength(1);
    expect(svg.match(/<line class="series provisional"/g)).toHaveLength(1);
    expect(svg.match(/<circle class="marker provisional"/g)).toHaveLength(1);
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg).toContain('aria-label="cost per success &lt;test&gt;"');
  });
});
