-- Where a photo was taken: EXIF GPS in WGS 84 decimal degrees (north and east positive), read
-- on attach; NULL for photos without GPS and for other files. Kept in the store only: exported
-- PDFs drop it unless the export asks to keep it.
ALTER TABLE attachments ADD COLUMN gps_lat REAL;
ALTER TABLE attachments ADD COLUMN gps_lon REAL;
