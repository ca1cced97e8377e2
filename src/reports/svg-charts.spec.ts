import { barChart, columnChart } from './svg-charts';

const widths = (svg: string) => [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));

describe('svg-charts', () => {
  describe('barChart', () => {
    const svg = barChart('stages', 'Cases by stage', [
      { label: 'Audit', value: 4 },
      { label: 'Certified', value: 2 },
      { label: 'Closed', value: 0 },
    ]);

    it('is an image named by its title and described by every figure', () => {
      expect(svg).toMatch(/^<svg class="chart" role="img" [^>]*aria-labelledby="stages-title stages-desc"/);
      expect(svg).toContain('<title id="stages-title">Cases by stage</title>');
      expect(svg).toContain('<desc id="stages-desc">Audit: 4; Certified: 2; Closed: 0</desc>');
    });

    it('draws bars in proportion and no bar for a zero', () => {
      const [audit, certified] = widths(svg);
      expect(widths(svg)).toHaveLength(2);
      expect(audit / certified).toBeCloseTo(2);
    });

    it('escapes labels', () => {
      const escaped = barChart('x', 'A <b> & "c"', [{ label: '<script>', value: 1 }]);
      expect(escaped).not.toContain('<script>');
      expect(escaped).toContain('&lt;script&gt;');
      expect(escaped).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
    });

    it('writes thousands with separators', () => {
      expect(barChart('x', 't', [{ label: 'Female', value: 12345 }])).toContain('>12,345</text>');
    });
  });

  describe('columnChart', () => {
    const months = (values: number[]) =>
      values.map((value, i) => ({ label: `${String(i + 1).padStart(2, '0')}/26`, value }));

    it('draws one column per month with a figure, and labels every month while they fit', () => {
      const svg = columnChart('issued', 'Certificates issued', months([1, 0, 3]), 'None');
      expect(widths(svg)).toHaveLength(2);
      expect(svg).toContain('>01/26</text>');
      expect(svg).toContain('>02/26</text>');
      expect(svg).toContain('>03/26</text>');
      expect(svg).not.toContain('>None</text>');
    });

    it('labels every few months when a long period leaves too little room', () => {
      const svg = columnChart('issued', 'Certificates issued', months(Array(12).fill(1)), 'None');
      expect(svg).toContain('>01/26</text>');
      expect(svg).not.toContain('>02/26</text>');
    });

    it('says when nothing was issued', () => {
      expect(columnChart('issued', 'Certificates issued', months([0, 0]), 'None issued')).toContain(
        '>None issued</text>',
      );
    });
  });
});
