/**
 * Files kept for jobs: uploaded by users ({@code POST /api/v2/files}) and produced by jobs
 * (file-process outputs, reports). {@link dev.ujm.core.files.FileStore} is the seam every backend
 * implements and {@code FileStoreContract} in {@code ujm-store-tck} holds it to one meaning; {@link
 * dev.ujm.core.files.DataDirectoryFileStore} keeps files in the data directory beside the embedded
 * store.
 */
package dev.ujm.core.files;
