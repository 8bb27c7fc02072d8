/** The page frame: top bar, the classic menu (issues, your issues, admin links, login box), messages. */
import type { ComponentChildren } from "preact";

/** What the frame needs to know about the tracker and the user. */
export interface Frame {
  trackerName: string;
  base: string;
  userId: string;
  userName: string;
  anonymous: boolean;
  mayCreateIssue: boolean;
  mayViewIssue: boolean;
  mayEditUsers: boolean;
  mayRegister: boolean;
  /** Status ids that count as open (every status but "resolved"). */
  openStatus: string;
  /** True when the user can keep saved queries (logged in, a query class). */
  hasQueries: boolean;
  /** The user's saved queries. */
  queries: Array<{ name: string; href: string }>;
  /** A form token for the login box (anonymous only). */
  loginCsrf?: string;
  /** Where the login box returns to. */
  cameFrom: string;
  ok?: string;
  error?: string;
}

/** An issue index link with the classic menu's parameters. */
export function issueLink(
  f: Frame,
  extra: Record<string, string>,
  columns = "id,activity,title,creator,status",
): string {
  const p = new URLSearchParams({
    "@columns": columns,
    "@sort": "-activity",
    "@group": "priority",
    "@filter": "status" + ("assignedto" in extra ? ",assignedto" : ""),
    status: f.openStatus,
    ...extra,
  });
  return `${f.base}/issue?${p}`;
}

function Menu({ f }: { f: Frame }) {
  return (
    <nav class="menu" aria-label="Menu">
      {f.hasQueries && (
        <>
          <h2>
            Your Queries (<a
              class="inline"
              href={`${f.base}/query?@template=edit`}
            >
              edit
            </a>)
          </h2>
          {f.queries.map((q) => <a key={q.href} href={q.href}>{q.name}</a>)}
        </>
      )}
      {f.mayViewIssue && (
        <>
          <h2>Issues</h2>
          {f.mayCreateIssue && (
            <a href={`${f.base}/issue?@template=item`}>Create New</a>
          )}
          <a
            href={issueLink(f, {
              assignedto: "-1",
              "@dispname": "Show Unassigned",
            })}
          >
            Show Unassigned
          </a>
          <a
            href={issueLink(
              f,
              { "@dispname": "Show All" },
              "id,activity,title,creator,assignedto,status",
            )}
          >
            Show All
          </a>
          <a href={`${f.base}/issue?@template=search`}>Search</a>
          <form method="get" action={`${f.base}/`}>
            <input type="hidden" name="@action" value="show" />
            <input type="hidden" name="@type" value="issue" />
            <input
              type="text"
              name="@number"
              size={4}
              aria-label="Issue number"
            />
            <button type="submit">Show issue</button>
          </form>
        </>
      )}
      {f.mayEditUsers && (
        <>
          <h2>Administration</h2>
          <a href={`${f.base}/?@template=classlist`}>Class List</a>
          <a href={`${f.base}/user`}>User List</a>
          <a href={`${f.base}/user?@template=item`}>Add User</a>
        </>
      )}
      <h2>Help</h2>
      <a href={`${f.base}/help`}>Help</a>
      {f.anonymous
        ? (
          <>
            <h2>Login</h2>
            <form method="post" action={`${f.base}/`}>
              <label>
                Username<br />
                <input
                  type="text"
                  name="__login_name"
                  required
                  autocomplete="username"
                />
              </label>
              <br />
              <label>
                Password<br />
                <input
                  type="password"
                  name="__login_password"
                  autocomplete="current-password"
                />
              </label>
              <input type="hidden" name="@action" value="login" />
              <input type="hidden" name="@csrf" value={f.loginCsrf ?? ""} />
              <input type="hidden" name="__came_from" value={f.cameFrom} />
              <br />
              <button type="submit">Login</button>
            </form>
            {f.mayRegister && (
              <a href={`${f.base}/user?@template=register`}>Register</a>
            )}
            <a href={`${f.base}/user?@template=forgotten`}>Lost your login?</a>
          </>
        )
        : (
          <>
            <h2>Hello, {f.userName}</h2>
            <a
              href={issueLink(f, {
                assignedto: f.userId,
                "@dispname": "Your Issues",
              })}
            >
              Your Issues
            </a>
            <a href={`${f.base}/user${f.userId}`}>Your Details</a>
            <a href={`${f.base}/?@action=logout`}>Logout</a>
          </>
        )}
    </nav>
  );
}

/** A whole page. */
export function Layout(
  { f, title, children }: {
    f: Frame;
    title: string;
    children: ComponentChildren;
  },
) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} - ${f.trackerName}`}</title>
        <link rel="stylesheet" href={`${f.base}/@@file/style.css`} />
      </head>
      <body>
        <header class="top">
          <a href={`${f.base}/`}>{f.trackerName}</a>
        </header>
        <div class="wrap">
          <Menu f={f} />
          <main>
            <h1>{title}</h1>
            {f.ok && <p class="ok-message" role="status">{f.ok}</p>}
            {f.error && <p class="error-message" role="alert">{f.error}</p>}
            {children}
          </main>
        </div>
        <footer>Roundup issue tracker</footer>
      </body>
    </html>
  );
}
