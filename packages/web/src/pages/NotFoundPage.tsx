import { Link } from "../app/router.js";

export function NotFoundPage() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Open a patient</Link>
      </p>
    </>
  );
}
