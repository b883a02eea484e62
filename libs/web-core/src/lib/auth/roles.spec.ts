import { roleLabel, roleLabels } from './roles';

describe('role labels', () => {
  it('names every role for people', () => {
    expect(roleLabels(['admin', 'data_engineer', 'forecast_analyst', 'category_manager'])).toEqual([
      'Admin',
      'Data engineer',
      'Forecast analyst',
      'Category manager',
    ]);
  });

  it('shows a role this build does not know as it is', () => {
    expect(roleLabel('auditor')).toBe('auditor');
  });
});
