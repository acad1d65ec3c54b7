// Shown instead of everything else once the server rejects our cookie:
// the console link is one-time, so the only fix is a fresh one.
export function UnauthorizedPage() {
  return (
    <main className="unauthorized">
      <h1>Pitboss console</h1>
      <p>
        Open the console link printed by <code>npm run serve</code> (or start the desktop app)
      </p>
    </main>
  );
}
