import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateUserRequest, LoginRequest } from './auth';
import { isRole } from './roles';

const errorsOf = <T extends object>(cls: new () => T, body: object) =>
  Object.fromEntries(validateSync(plainToInstance(cls, body)).map((e) => [e.property, Object.values(e.constraints ?? {})]));

describe('auth contracts', () => {
  it('normalises the login email to lower case without surrounding spaces', () => {
    expect(plainToInstance(LoginRequest, { email: '  Ana@Tideline.LOCAL ', password: 'x' }).email).toBe('ana@tideline.local');
  });

  it('names each bad field of a new user', () => {
    expect(errorsOf(CreateUserRequest, { email: 'nope', name: '', password: 'short', roles: ['admin', 'wizard'] })).toEqual({
      email: ['email must be an email address'],
      name: ['name should not be empty'],
      password: ['password must be longer than or equal to 10 characters'],
      roles: ['roles must each be one of admin, data_engineer, forecast_analyst, category_manager'],
    });
  });

  it('accepts a well-formed new user', () => {
    expect(errorsOf(CreateUserRequest, { email: 'a@b.co', name: 'A', password: '0123456789', roles: ['category_manager'] })).toEqual({});
  });

  it('knows the four roles and nothing else', () => {
    expect(['admin', 'data_engineer', 'forecast_analyst', 'category_manager'].every(isRole)).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
