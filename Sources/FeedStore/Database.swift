internal import CSQLite

/// A SQLite error, with the statement or call that failed.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var message: String
    public var description: String { message }

    /// Another connection holds the lock (SQLITE_BUSY, SQLITE_LOCKED, and their extended codes).
    public var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }

    /// The database could not be opened or written for want of access (a folder or file the
    /// process may not write, a read-only file system): no retry will help.
    public var isAccess: Bool { [SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH].contains(code & 0xFF) }
}

/// One SQLite connection, owned: opened in `init`, closed in `deinit` (style rule 6).
/// Thin on purpose: prepared statements, typed binds and columns, transactions.
final class Database {
    private let handle: OpaquePointer
    private var statements: [String: Statement] = [:]

    init(path: String) throws(DatabaseError) {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw DatabaseError(code: rc, message: "\(path): \(message)")
        }
        handle = db
        // Another process (the daemon, `tail`) may hold the write lock for a moment.
        sqlite3_busy_timeout(db, 5000)
    }

    deinit {
        statements.removeAll()  // finalize before closing
        sqlite3_close_v2(handle)
    }

    /// Runs SQL that returns no rows (several statements allowed).
    func execute(_ sql: String) throws(DatabaseError) {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw DatabaseError(code: rc, message: message)
        }
    }

    /// A prepared statement, compiled once per connection and reused.
    func statement(_ sql: String) throws(DatabaseError) -> Statement {
        if let s = statements[sql] {
            s.reset()
            return s
        }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc, sql) }
        let s = Statement(raw, database: self)
        statements[sql] = s
        return s
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }

    func error(_ rc: Int32, _ context: String) -> DatabaseError {
        DatabaseError(code: rc, message: "\(String(cString: sqlite3_errmsg(handle))) (in: \(context.prefix(80)))")
    }
}

/// A prepared statement: bind by position (1-based), step, read columns (0-based).
final class Statement {
    private let raw: OpaquePointer
    private unowned let database: Database

    init(_ raw: OpaquePointer, database: Database) {
        self.raw = raw
        self.database = database
    }

    deinit { sqlite3_finalize(raw) }

    func reset() {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
    }

    /// Binds the values in order; nil binds NULL.
    @discardableResult
    func bind(_ values: (any SQLValue)?...) throws(DatabaseError) -> Statement {
        for (i, value) in values.enumerated() { try bind(at: i + 1, value) }
        return self
    }

    /// Binds one value at a position (1-based).
    func bind(at index: Int, _ value: (any SQLValue)?) throws(DatabaseError) {
        let rc = value?.bind(to: raw, at: Int32(index)) ?? sqlite3_bind_null(raw, Int32(index))
        guard rc == SQLITE_OK else { throw database.error(rc, "bind") }
    }

    /// Steps once: true while a row is ready.
    func step() throws(DatabaseError) -> Bool {
        let rc = sqlite3_step(raw)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(rc, String(cString: sqlite3_sql(raw)))
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws(DatabaseError) {
        while try step() {}
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(raw, column) == SQLITE_NULL }
    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(raw, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(raw, column) }
    func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }
    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    func bytes(_ column: Int32) -> [UInt8] {
        guard let p = sqlite3_column_blob(raw, column) else { return [] }
        let count = Int(sqlite3_column_bytes(raw, column))
        return Array(UnsafeRawBufferPointer(start: p, count: count))
    }

    func string(_ column: Int32) -> String? {
        guard let p = sqlite3_column_text(raw, column) else { return nil }
        let count = Int(sqlite3_column_bytes(raw, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    }
}

/// A Swift value SQLite can store.
protocol SQLValue {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

extension Int64: SQLValue {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self) }
}

extension Int: SQLValue {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension Double: SQLValue {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_double(statement, index, self) }
}

extension Bool: SQLValue {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self ? 1 : 0) }
}

extension Array: SQLValue where Element == UInt8 {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), feedsift_sqlite_transient()) }
    }
}

extension String: SQLValue {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        // withCString gives a NUL-terminated copy (or the string's own storage); SQLite copies it again.
        withCString { sqlite3_bind_text(statement, index, $0, Int32(utf8.count), feedsift_sqlite_transient()) }
    }
}
