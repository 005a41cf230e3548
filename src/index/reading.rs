//! The directory searches open an index through: tantivy's own, except that the lock a reader
//! holds while it opens the segments (so that a writer's clean-up does not delete them under
//! it) is a shared lock on a file opened read-only. tantivy takes that lock exclusively and
//! creates its file for writing, so a search needed write permission on the index and waited
//! for every other search; an index built by one user could not be searched by another.
//!
//! Writers keep tantivy's exclusive lock, so a clean-up still waits for the readers opening
//! segments, and they wait for it.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr, META_LOCK,
};
use tantivy::Directory;

#[derive(Debug, Clone)]
pub struct ReadingDirectory {
    inner: MmapDirectory,
    path: PathBuf,
}

impl ReadingDirectory {
    pub fn open(path: &Path) -> tantivy::Result<ReadingDirectory> {
        let inner = MmapDirectory::open(path)?;
        Ok(ReadingDirectory { inner, path: path.to_path_buf() })
    }
}

impl Directory for ReadingDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        if lock.filepath != META_LOCK.filepath {
            return self.inner.acquire_lock(lock);
        }
        match File::open(self.path.join(&lock.filepath)) {
            Ok(file) => {
                file.lock_shared().map_err(LockError::wrap_io_error)?;
                // Closing the file releases the lock.
                Ok(DirectoryLock::from(Box::new(file)))
            }
            // No writer has cleaned up here yet (it creates the file), so there is nothing to
            // wait for; and should one start now, `index::open` tries again.
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                Ok(DirectoryLock::from(Box::new(())))
            }
            Err(err) => Err(LockError::wrap_io_error(err)),
        }
    }
}
