// Shown when the page is opened without an invite in its link.
export function NoInvite() {
  return (
    <main className="gate">
      <section className="gate-card">
        <h1 className="brand">Pitboss</h1>
        <p>To sit at a table, open the invite link the dealer gave you.</p>
        <p className="muted">It looks like …/player/#invite=…</p>
      </section>
    </main>
  );
}
