import type { UploadView } from '@tideline/contracts';
import { parseCsv } from '@tideline/ui';
import { rejectionRows, uploadSummary } from './upload-rows';

const upload = (over: Partial<UploadView>): UploadView => ({
  id: 'a1b2c3d4-0000-0000-0000-000000000000',
  status: 'completed',
  rowsRead: 10,
  rowsAccepted: 8,
  rowsRejected: 2,
  progress: 1,
  dryRun: false,
  filename: 'week-47.csv',
  uploadedBy: 'data@tideline.local',
  createdAt: '2026-11-25T10:00:00Z',
  completedAt: '2026-11-25T10:00:02Z',
  ...over,
});

describe('upload rows', () => {
  it('says what happened to a file', () => {
    expect(uploadSummary(upload({}))).toBe('Done: 10 rows read, 8 accepted, 2 rejected.');
    expect(uploadSummary(upload({ status: 'running', rowsRead: 4, rowsAccepted: 4, rowsRejected: 0 }))).toBe(
      'Ingesting: 4 rows read, 4 accepted, 0 rejected so far.',
    );
    expect(uploadSummary(upload({ status: 'failed', error: '30% of rows rejected, over the 10% allowed' }))).toBe(
      'Failed: 30% of rows rejected, over the 10% allowed. 10 rows read, 8 accepted, 2 rejected; nothing was stored.',
    );
    expect(uploadSummary(upload({ dryRun: true }))).toBe('Checked (dry run, nothing stored): 10 rows read, 8 accepted, 2 rejected.');
    expect(uploadSummary(upload({ ignoredColumns: ['Store Name', 'Notes'] }))).toBe('Done: 10 rows read, 8 accepted, 2 rejected. Columns left out: Store Name, Notes.');
  });

  it('reads the rejections CSV into line, column, value and reason', () => {
    const csv = 'line,column,value,reason\r\n3,units,-4,"units must be a whole number >= 0"\r\n7,week,2026-11-18,week must be a Monday\r\n';
    expect(rejectionRows(parseCsv(csv))).toEqual([
      { line: 3, column: 'units', value: '-4', reason: 'units must be a whole number >= 0' },
      { line: 7, column: 'week', value: '2026-11-18', reason: 'week must be a Monday' },
    ]);
  });
});
