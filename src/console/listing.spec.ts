import { optionsOf, pageOf, pagerOf } from './listing';

describe('console lists', () => {
  it('reads the page from the address, on a page boundary, and ignores nonsense', () => {
    expect(pageOf({})).toEqual({ limit: 25, offset: 0 });
    expect(pageOf({ offset: '50' })).toEqual({ limit: 25, offset: 50 });
    expect(pageOf({ offset: '60' })).toEqual({ limit: 25, offset: 50 });
    expect(pageOf({ offset: '-5' })).toEqual({ limit: 25, offset: 0 });
    expect(pageOf({ offset: ['25', '50'] })).toEqual({ limit: 25, offset: 0 });
  });

  it('links the pages before and after, keeping the filters', () => {
    const query = { q: 'ສີສະຫວາດ', province: ['LA-VT', 'LA-SV'], offset: '25', empty: '' };
    const pager = pagerOf('/staff/agencies', query, 60, { limit: 25, offset: 25 });
    expect(pager).toEqual({
      from: 26,
      to: 50,
      total: 60,
      totalExact: true,
      previous: `/staff/agencies?q=${encodeURIComponent('ສີສະຫວາດ')}&province=LA-VT&province=LA-SV`,
      next: `/staff/agencies?q=${encodeURIComponent('ສີສະຫວາດ')}&province=LA-VT&province=LA-SV&offset=50`,
    });
    expect(pagerOf('/staff/agencies', {}, 0, { limit: 25, offset: 0 })).toMatchObject({
      from: 0,
      to: 0,
      previous: null,
      next: null,
    });
  });

  it('offers the next page past a total that is a lower bound', () => {
    const pager = pagerOf('/staff/agencies', {}, 1000, { limit: 25, offset: 0 }, false);
    expect(pager).toMatchObject({
      from: 1,
      to: 25,
      total: 1000,
      totalExact: false,
      next: '/staff/agencies?offset=25',
    });
  });

  it('marks the chosen options', () => {
    expect(optionsOf(['lo', 'en'] as const, (v) => v.toUpperCase(), 'en')).toEqual([
      { value: 'lo', label: 'LO', selected: false, checked: false },
      { value: 'en', label: 'EN', selected: true, checked: true },
    ]);
  });
});
