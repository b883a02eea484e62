import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DeadLetterAction, DeadLetterActionResult, DeadLetterView, Roles } from '@tideline/contracts';
import { AllowRoles } from '../auth/access.decorators';
import { DeadLetters } from './dead-letters.service';

/** Poison messages parked after DELIVERY_LIMIT failed deliveries: admins list, replay or discard them. */
@ApiTags('admin')
@ApiBearerAuth()
@AllowRoles(Roles.admin)
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetters) {}

  /** Messages that kept failing, by queue, for inspection. */
  @Get()
  async list(): Promise<{ items: DeadLetterView[]; total: number }> {
    const items = await this.deadLetters.list();
    return { items, total: items.length };
  }

  /** Sends dead-lettered messages back to their queue. */
  @Post('replay')
  @HttpCode(HttpStatus.OK)
  replay(@Body() { queue, id }: DeadLetterAction): Promise<DeadLetterActionResult> {
    return this.deadLetters.act('replay', queue, id);
  }

  /** Drops dead-lettered messages for good. */
  @Post('discard')
  @HttpCode(HttpStatus.OK)
  discard(@Body() { queue, id }: DeadLetterAction): Promise<DeadLetterActionResult> {
    return this.deadLetters.act('discard', queue, id);
  }
}
