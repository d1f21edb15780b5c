from corpus_site.cli import main

raise SystemExit(main())
