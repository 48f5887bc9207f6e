from accelspec.cli import main

raise SystemExit(main())
