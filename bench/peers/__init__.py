"""What Vizora is measured against: PostGraphile 5 over the same database, and a hand-written
SQL floor. Node and the npm packages are installed into a cache folder on first use; nothing here
is part of the product or of CI."""
