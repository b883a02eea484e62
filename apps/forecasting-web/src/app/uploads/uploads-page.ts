import { HttpEventType } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import type { RejectionView, UploadView } from '@tideline/contracts';
import { DataTable, downloadText, FileDrop, PageState, parseCsv } from '@tideline/ui';
import { apiErrorMessage, LOADING, polled } from '@tideline/web-core';
import { combineLatest, exhaustMap, filter, map, switchMap, takeWhile, tap, timer } from 'rxjs';
import { UPLOAD_KINDS, UploadKind, UploadsApi } from '../api/uploads-api';
import { HISTORY_COLUMNS, isFinished, REJECTION_COLUMNS, rejectionRows, uploadSummary } from './upload-rows';

const FOLLOW_MS = 1_000;
const HISTORY_MS = 10_000;
/** The page shows this many rejected rows; the download holds them all. */
const REJECTIONS_SHOWN = 500;

/**
 * `/uploads` (data engineers and admins): send a sales, product or store CSV, watch it travel and
 * then get ingested, see and download the rejected rows, and the history of earlier uploads.
 */
@Component({
  selector: 'app-uploads-page',
  imports: [PageState, DataTable, FileDrop, MatButton, MatButtonToggleGroup, MatButtonToggle, MatIcon, MatProgressBar, MatSlideToggle],
  templateUrl: './uploads-page.html',
  host: { class: 'tl-page' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UploadsPage {
  private readonly uploads = inject(UploadsApi);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly kinds = Object.entries(UPLOAD_KINDS) as Array<[UploadKind, (typeof UPLOAD_KINDS)[UploadKind]]>;
  protected readonly kindInfo = UPLOAD_KINDS;
  protected readonly historyColumns = HISTORY_COLUMNS;
  protected readonly rejectionColumns = REJECTION_COLUMNS;
  protected readonly summary = uploadSummary;
  protected readonly shown = REJECTIONS_SHOWN;

  protected readonly kind = signal<UploadKind>('sales');
  protected readonly dryRun = signal(false);
  protected readonly ignoreColumns = signal(false);
  /** 0-100 while the file travels to the gateway. */
  protected readonly transfer = signal<number | null>(null);
  protected readonly current = signal<UploadView | null>(null);
  protected readonly failure = signal<string | null>(null);
  protected readonly rejections = signal<RejectionView[]>([]);
  private readonly rejectionsCsv = signal('');
  private readonly reloads = signal(0);

  protected readonly history = toSignal(
    combineLatest([toObservable(this.kind), toObservable(this.reloads)]).pipe(
      switchMap(([kind]) => polled(this.uploads.list(kind), HISTORY_MS, (page) => page.items.length === 0)),
    ),
    { initialValue: LOADING },
  );

  protected sendFile(file: File): void {
    const kind = this.kind();
    this.current.set(null);
    this.failure.set(null);
    this.rejections.set([]);
    this.transfer.set(0);
    this.uploads
      .send(kind, file, this.dryRun(), this.ignoreColumns())
      .pipe(
        tap((event) => {
          if (event.type === HttpEventType.UploadProgress && event.total) {
            this.transfer.set(Math.round((100 * event.loaded) / event.total));
          }
        }),
        filter((event) => event.type === HttpEventType.Response),
        map((event) => (event.type === HttpEventType.Response ? (event.body?.id ?? '') : '')),
        tap(() => this.transfer.set(100)),
        switchMap((id) =>
          timer(0, FOLLOW_MS).pipe(
            exhaustMap(() => this.uploads.get(kind, id)),
            takeWhile((u) => !isFinished(u), true),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (upload) => {
          this.current.set(upload);
          if (isFinished(upload)) this.finish(kind, upload);
        },
        error: (e: unknown) => {
          this.transfer.set(null);
          this.failure.set(apiErrorMessage(e, 'The file could not be uploaded. Please try again.'));
        },
      });
  }

  protected downloadRejections(): void {
    const upload = this.current();
    if (upload) downloadText(`rejections-${upload.filename ?? upload.id}`.replace(/\.csv$/i, '') + '.csv', this.rejectionsCsv());
  }

  protected reload(): void {
    this.reloads.update((n) => n + 1);
  }

  private finish(kind: UploadKind, upload: UploadView): void {
    this.transfer.set(null);
    this.reload();
    if (upload.rowsRejected === 0) return;
    this.uploads.rejectionsCsv(kind, upload.id).subscribe({
      next: (csv) => {
        this.rejectionsCsv.set(csv);
        this.rejections.set(rejectionRows(parseCsv(csv)).slice(0, REJECTIONS_SHOWN));
      },
      error: (e: unknown) => this.failure.set(apiErrorMessage(e, 'The rejected rows could not be loaded.')),
    });
  }
}
