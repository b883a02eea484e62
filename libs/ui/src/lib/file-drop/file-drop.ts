import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';

/**
 * Where a file is dropped or chosen (the button works from the keyboard), with a determinate
 * progress bar while `progress` (0-100) is set. It only hands the file over; sending it is the
 * page's job.
 */
@Component({
  selector: 'tl-file-drop',
  imports: [MatButton, MatIcon, MatProgressBar],
  template: `
    <div
      class="tl-file-drop"
      [class.tl-file-drop--over]="over()"
      (dragover)="allowDrop($event)"
      (dragleave)="over.set(false)"
      (drop)="takeDrop($event)"
    >
      <mat-icon aria-hidden="true">upload_file</mat-icon>
      <span>{{ prompt() }}</span>
      <input #picker type="file" hidden [accept]="accept()" (change)="takePicked(picker)" />
      <button mat-flat-button type="button" [disabled]="disabled()" (click)="picker.click()">Choose file</button>
    </div>
    @if (progress() !== null) {
      <mat-progress-bar mode="determinate" [value]="progress()" [attr.aria-label]="progressLabel()" />
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .tl-file-drop {
      display: flex;
      align-items: center;
      gap: 16px;
      padding: 24px;
      border: 2px dashed var(--mat-sys-outline);
      border-radius: 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    .tl-file-drop--over {
      border-color: var(--mat-sys-primary);
      background: var(--mat-sys-primary-container);
    }
    mat-progress-bar {
      margin-top: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileDrop {
  readonly prompt = input('Drop a CSV file here, or choose one.');
  readonly accept = input('.csv,text/csv');
  readonly disabled = input(false);
  /** 0-100 while a transfer runs; null hides the bar. */
  readonly progress = input<number | null>(null);
  readonly progressLabel = input('Upload progress');
  readonly fileChosen = output<File>();

  protected readonly over = signal(false);

  protected allowDrop(event: DragEvent): void {
    if (this.disabled()) return;
    event.preventDefault();
    this.over.set(true);
  }

  protected takeDrop(event: DragEvent): void {
    event.preventDefault();
    this.over.set(false);
    const file = event.dataTransfer?.files[0];
    if (file && !this.disabled()) this.fileChosen.emit(file);
  }

  protected takePicked(picker: HTMLInputElement): void {
    const file = picker.files?.[0];
    if (file) this.fileChosen.emit(file);
    // The same file chosen again (after fixing it) must fire again.
    picker.value = '';
  }
}
