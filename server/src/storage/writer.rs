//! Group commit for SQLite. SQLite lets one transaction write at a time, and each commit waits
//! for its fsync. Lindra's frequent writes (registrations, access-log rows, session touches) go to
//! one writer task instead: it takes every write waiting at that moment, runs each in its own
//! savepoint inside one transaction, commits once, and only then answers each. A write that fails
//! rolls back to its savepoint and gets its own error; the others in the batch are unaffected. A
//! failed commit fails every write in the batch: none of them is stored, and each caller is told.
//!
//! Nothing waits longer than it did with one transaction each: a write arriving while the writer
//! is idle starts at once, alone; writes arriving during a commit share the next one. What a
//! batch saves is the commit (and its fsync) per write.

use futures::future::BoxFuture;
use sqlx::{Acquire, SqliteConnection, SqlitePool};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// At most this many writes share one commit (a bound on one transaction's size, so one batch
/// never holds SQLite's lock for long).
const MAX_BATCH: usize = 64;

/// One write: SQL statements on the writer's connection, inside the batch's transaction.
type WriteFn<T> =
    Box<dyn for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, Result<T, sqlx::Error>> + Send>;

/// The handle writes are sent through; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::UnboundedSender<Box<dyn Job>>,
    #[cfg(test)]
    batches: Arc<AtomicU64>,
}

impl Writer {
    /// Starts the writer task on the current runtime. It ends when every handle is dropped.
    pub fn start(pool: SqlitePool) -> Writer {
        let (jobs, queue) = mpsc::unbounded_channel();
        let batches = Arc::new(AtomicU64::new(0));
        tokio::spawn(write_loop(pool, queue, batches.clone()));
        Writer {
            jobs,
            #[cfg(test)]
            batches,
        }
    }

    /// Batches tried so far (committed or not).
    #[cfg(test)]
    fn batches(&self) -> u64 {
        self.batches.load(Ordering::Relaxed)
    }

    /// Runs `write` in the next batch and answers after its commit: `Ok` means stored and
    /// durable, `Err` means nothing of it is stored.
    pub async fn write<T, F>(&self, write: F) -> Result<T, sqlx::Error>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, Result<T, sqlx::Error>> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Box::new(Pending::<T> { write: Some(Box::new(write)), result: None, reply }))
            .map_err(|_| sqlx::Error::PoolClosed)?;
        answer.await.unwrap_or(Err(sqlx::Error::PoolClosed))
    }
}

/// A write with its typed answer, behind one object type the queue can hold.
trait Job: Send {
    /// Runs the statements; on failure, a copy of the error's kind (the error itself is kept
    /// for the caller).
    fn run<'c>(&'c mut self, connection: &'c mut SqliteConnection) -> BoxFuture<'c, Result<(), sqlx::Error>>;
    /// Answers the caller once the batch's fate is known.
    fn finish(self: Box<Self>, commit: Result<(), &sqlx::Error>);
}

struct Pending<T> {
    write: Option<WriteFn<T>>,
    result: Option<Result<T, sqlx::Error>>,
    reply: oneshot::Sender<Result<T, sqlx::Error>>,
}

impl<T: Send + 'static> Job for Pending<T> {
    fn run<'c>(&'c mut self, connection: &'c mut SqliteConnection) -> BoxFuture<'c, Result<(), sqlx::Error>> {
        Box::pin(async move {
            let Some(write) = self.write.take() else {
                return Err(sqlx::Error::Protocol("the write was run twice".into()));
            };
            let result = write(connection).await;
            let copy = result.as_ref().err().map(same_kind);
            self.result = Some(result);
            copy.map_or(Ok(()), Err)
        })
    }

    fn finish(self: Box<Self>, commit: Result<(), &sqlx::Error>) {
        let answer = match (self.result, commit) {
            (Some(Err(own)), _) => Err(own),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (_, Err(batch)) => Err(same_kind(batch)),
            (None, Ok(())) => Err(sqlx::Error::Protocol("the write was not run".into())),
        };
        // The caller may have given up (its request timed out); the write stands regardless.
        let _ = self.reply.send(answer);
    }
}

async fn write_loop(
    pool: SqlitePool,
    mut queue: mpsc::UnboundedReceiver<Box<dyn Job>>,
    batches: Arc<AtomicU64>,
) {
    let mut batch: Vec<Box<dyn Job>> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = queue.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let outcome = run_batch(&pool, &mut batch).await;
        let tried = batches.fetch_add(1, Ordering::Relaxed) + 1;
        tracing::trace!(writes = batch.len(), batches = tried, "SQLite batch");
        if let Err(error) = &outcome {
            tracing::warn!(%error, writes = batch.len(), "SQLite batch not committed");
        }
        for job in batch.drain(..) {
            job.finish(outcome.as_ref().map(|_| ()));
        }
    }
}

async fn run_batch(pool: &SqlitePool, batch: &mut [Box<dyn Job>]) -> Result<(), sqlx::Error> {
    let mut connection = pool.acquire().await?;
    let outcome = run_transaction(&mut connection, batch).await;
    if outcome.is_err() {
        // The transaction ended in an error (a commit the disk refused, a rollback that found no
        // transaction): SQLite may or may not have rolled it back, and sqlx's count of open
        // transactions on this connection may no longer match SQLite's. Seen with a full disk
        // (tests/e2e/disk-full.test.mjs, 3 runs in 25 before this, 0 in 25 after): once there was
        // room again, a write on such a connection was acknowledged and then not found, by this
        // process or a fresh sqlite3. So the connection goes (closing it rolls back whatever is
        // still open), and the pool opens a fresh one.
        if let Err(error) = connection.close().await {
            tracing::warn!(%error, "closing the writer's connection after a failed batch");
        }
    }
    outcome
}

async fn run_transaction(
    connection: &mut SqliteConnection,
    batch: &mut [Box<dyn Job>],
) -> Result<(), sqlx::Error> {
    let mut tx = connection.begin().await?;
    if let [only] = batch {
        // Alone: its own transaction, no savepoint needed.
        if only.run(&mut tx).await.is_err() {
            return tx.rollback().await;
        }
    } else {
        for job in batch.iter_mut() {
            let mut savepoint = tx.begin().await?;
            match job.run(&mut savepoint).await {
                Ok(()) => savepoint.commit().await?,
                // SQLite may end the whole transaction on some errors (a full disk, an I/O
                // error), and then the savepoint is gone: the batch fails, for the job's reason.
                Err(cause) => {
                    if let Err(rollback) = savepoint.rollback().await {
                        tracing::warn!(%rollback, %cause, "a failed write ended the batch's transaction");
                        return Err(cause);
                    }
                }
            }
        }
    }
    tx.commit().await
}

/// A batch's error for each of its callers (sqlx errors cannot be cloned): the kinds that mean
/// "the database is not there" or "the disk is full" stay those kinds, so each caller gets the
/// same answer the lone write would have had.
fn same_kind(error: &sqlx::Error) -> sqlx::Error {
    if super::is_disk_full(error) {
        return sqlx::Error::Io(std::io::Error::new(std::io::ErrorKind::StorageFull, error.to_string()));
    }
    match error {
        sqlx::Error::PoolTimedOut => sqlx::Error::PoolTimedOut,
        sqlx::Error::PoolClosed => sqlx::Error::PoolClosed,
        sqlx::Error::Io(e) => sqlx::Error::Io(std::io::Error::new(e.kind(), e.to_string())),
        other => sqlx::Error::Protocol(format!("the batch was not committed: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::sqlite::SqlitePoolOptions;

    /// A fresh database file in its own folder, removed with the folder (an in-memory database
    /// is one per connection, and the writer and the checks use different connections).
    async fn pool() -> (tempfile::TempDir, SqlitePool) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(dir.path().join("writer.db"))
            .create_if_missing(true);
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await.expect("database");
        sqlx::query("CREATE TABLE t (x INTEGER NOT NULL UNIQUE)").execute(&pool).await.expect("table");
        (dir, pool)
    }

    async fn insert(writer: &Writer, x: i64) -> Result<i64, sqlx::Error> {
        writer
            .write(move |c| {
                Box::pin(async move {
                    sqlx::query("INSERT INTO t (x) VALUES ($1)").bind(x).execute(&mut *c).await?;
                    sqlx::query("INSERT INTO t (x) VALUES ($1)").bind(x + 1000).execute(&mut *c).await?;
                    Ok(x)
                })
            })
            .await
    }

    async fn stored(pool: &SqlitePool) -> Vec<i64> {
        sqlx::query_scalar("SELECT x FROM t ORDER BY x").fetch_all(pool).await.expect("rows")
    }

    #[tokio::test]
    async fn writes_waiting_together_share_one_commit_and_a_failure_stays_its_own() {
        let (_dir, pool) = pool().await;
        let writer = Writer::start(pool.clone());
        // 40 writes queued before the writer runs; number 7 twice, so its second try fails on its
        // second statement, after its first one succeeded.
        let xs: Vec<i64> = (0..40).map(|n| if n == 20 { 7 } else { n }).collect();
        let answers = futures::future::join_all(xs.iter().map(|&x| insert(&writer, x))).await;
        assert_eq!(writer.batches(), 1, "all 40 in one transaction");
        let failed: Vec<usize> =
            answers.iter().enumerate().filter(|(_, a)| a.is_err()).map(|(n, _)| n).collect();
        assert_eq!(failed, vec![20], "only the duplicate fails");
        let error = answers[20].as_ref().expect_err("duplicate");
        assert!(error.as_database_error().is_some_and(|e| e.is_unique_violation()), "{error}");
        let expected: Vec<i64> =
            (0..40).filter(|&n| n != 20).chain((0..40).filter(|&n| n != 20).map(|n| n + 1000)).collect();
        let mut expected = expected;
        expected.sort();
        assert_eq!(stored(&pool).await, expected, "the failed write left nothing, the others everything");
    }

    #[tokio::test]
    async fn a_lone_write_that_fails_leaves_nothing() {
        let (_dir, pool) = pool().await;
        let writer = Writer::start(pool.clone());
        assert_eq!(insert(&writer, 1).await.expect("first"), 1);
        sqlx::query("INSERT INTO t (x) VALUES (1002)").execute(&pool).await.expect("a row in the way");
        insert(&writer, 2).await.expect_err("second statement fails");
        assert_eq!(
            stored(&pool).await,
            vec![1, 1001, 1002],
            "the first statement of the failed write rolled back"
        );
        assert_eq!(writer.batches(), 2);
    }

    /// SQLite may answer a full disk (or an I/O error) by rolling back the whole transaction,
    /// not just the statement. A write here does that by hand: the batch's transaction is gone,
    /// so no write of the batch is stored, and each caller hears why (the disk is full), not
    /// that a savepoint was missing.
    #[tokio::test]
    async fn a_write_that_ends_the_transaction_fails_the_batch_with_its_reason() {
        let (_dir, pool) = pool().await;
        let writer = Writer::start(pool.clone());
        let ends_transaction = writer.write(|c| {
            Box::pin(async move {
                sqlx::query("INSERT INTO t (x) VALUES (500)").execute(&mut *c).await?;
                sqlx::query("ROLLBACK").execute(&mut *c).await?;
                Err::<(), _>(sqlx::Error::Io(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "database or disk is full",
                )))
            })
        });
        let (before, ended, after) = tokio::join!(insert(&writer, 1), ends_transaction, insert(&writer, 2));
        assert_eq!(writer.batches(), 1, "one batch");
        for answer in [before.map(|_| ()), ended, after.map(|_| ())] {
            let error = answer.expect_err("nothing of the batch is stored");
            assert!(super::super::is_disk_full(&error), "{error}");
        }
        assert_eq!(stored(&pool).await, Vec::<i64>::new());
        assert_eq!(insert(&writer, 3).await.expect("the next batch"), 3, "the writer goes on");
    }

    #[tokio::test]
    async fn a_closed_database_is_an_error_for_every_caller_not_a_hang() {
        let (_dir, pool) = pool().await;
        let writer = Writer::start(pool.clone());
        pool.close().await;
        let answers = futures::future::join_all((0..3).map(|x| insert(&writer, x))).await;
        for answer in answers {
            assert!(matches!(answer, Err(sqlx::Error::PoolClosed)), "{answer:?}");
        }
    }
}
