from coprod_site.cli import main

raise SystemExit(main())
