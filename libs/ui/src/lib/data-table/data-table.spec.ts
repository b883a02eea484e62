import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { DataTable } from './data-table';
import { TableColumn } from './table-column';

interface Row {
  week: string;
  units: number | null;
}

@Component({
  imports: [DataTable],
  template: `<tl-data-table
    [columns]="columns"
    [rows]="rows()"
    caption="Weekly units"
    [rowKey]="key"
    [selectable]="true"
    [canSelect]="future"
    (selectionChange)="picked = $event"
  />`,
})
class Host {
  columns: TableColumn<Row>[] = [
    { key: 'week', label: 'Week', value: (r) => r.week },
    { key: 'units', label: 'Units', value: (r) => r.units, format: 'integer' },
  ];
  rows = signal<Row[]>([
    { week: '2026-11-02', units: 1200 },
    { week: '2026-11-09', units: null },
    { week: '2026-11-16', units: 30 },
  ]);
  key = (r: Row) => r.week;
  future = (r: Row) => r.week >= '2026-11-09';
  picked: Row[] = [];
}

describe('tl-data-table', () => {
  async function render() {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const cells = () => Array.from(el.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim()));
    return { fixture, el, cells };
  }

  it('formats numbers and shows an absent value as a dash, not a zero', async () => {
    const { cells } = await render();
    expect(cells()).toEqual([
      ['', '2026-11-02', '1,200'],
      ['', '2026-11-09', '—'],
      ['', '2026-11-16', '30'],
    ]);
  });

  it('sorts by a column when its header is clicked, absent values first', async () => {
    const { fixture, el, cells } = await render();
    (el.querySelectorAll('th[mat-sort-header]')[1] as HTMLElement).click();
    await fixture.whenStable();
    expect(cells().map((c) => c[1])).toEqual(['2026-11-09', '2026-11-16', '2026-11-02']);
  });

  it('offers selection only where allowed, and keeps it for rows still there after new rows arrive', async () => {
    const { fixture, el } = await render();
    const boxes = el.querySelectorAll('tbody input[type="checkbox"]');
    expect(boxes.length).toBe(2);
    (boxes[0] as HTMLInputElement).click();
    (boxes[1] as HTMLInputElement).click();
    await fixture.whenStable();
    expect(fixture.componentInstance.picked.map((r) => r.week)).toEqual(['2026-11-09', '2026-11-16']);

    fixture.componentInstance.rows.set([{ week: '2026-11-16', units: 45 }]);
    await fixture.whenStable();
    expect(fixture.componentInstance.picked).toEqual([{ week: '2026-11-16', units: 45 }]);
  });
});

describe('formatCell', () => {
  it('never shows a negative zero for a tiny negative figure', async () => {
    const { formatCell } = await import('./table-column');
    expect([formatCell(-0.3, 'integer'), formatCell(-0.04, 'decimal'), formatCell(-0.04, 'percent')]).toEqual(['0', '0.0', '0.0%']);
    expect(formatCell(-2.6, 'integer')).toBe('-3');
  });
});
