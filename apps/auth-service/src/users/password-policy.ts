import { Injectable } from '@nestjs/common';
import { ErrorCodes } from '@tideline/contracts';
import { DomainError } from '@tideline/server-kit';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonWords } from '@zxcvbn-ts/language-common';
import { dictionary as englishWords, translations } from '@zxcvbn-ts/language-en';

/**
 * zxcvbn's score runs 0-4; 3 means "safely unguessable" (about 10^8 guesses), the usual bar for
 * accounts that do not protect money directly. Length alone is not strength: "password123" and
 * "qwertyuiop" are ten characters long and among the first guesses of any attacker.
 */
export const MIN_PASSWORD_SCORE = 3;

/** Refuses passwords an attacker would guess early: common passwords, keyboard walks, repeats, the user's own name. */
@Injectable()
export class PasswordPolicy {
  private readonly estimator = new ZxcvbnFactory({
    translations,
    graphs: adjacencyGraphs,
    dictionary: { ...commonWords, ...englishWords },
  });

  /** Throws a 400-mapped error naming the field and saying what makes the password weak. */
  check(password: string, user: { email: string; name?: string }): void {
    // zxcvbn-ts scores the first 256 characters only (its maxLength), so a huge password costs no more.
    const result = this.estimator.check(password, personalWords(user));
    if (result.score >= MIN_PASSWORD_SCORE) return;
    const why = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
    throw new DomainError(ErrorCodes.validationFailed, `password is too easy to guess${why ? `: ${why}` : ''}`, { field: 'password', score: result.score, minScore: MIN_PASSWORD_SCORE });
  }
}

/** What an attacker who knows the account tries first: its email, the parts of it, the person's name. */
function personalWords({ email, name = '' }: { email: string; name?: string }): string[] {
  const local = email.split('@')[0];
  return [email, local, local.replace(/[^\p{L}\p{N}]/gu, ''), ...email.split(/[@._+-]/), name.replace(/\s+/g, ''), ...name.split(/\s+/), 'tideline'].filter((word) => word.length > 2);
}
